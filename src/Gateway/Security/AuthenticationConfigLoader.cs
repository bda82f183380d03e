using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ClusterGateway.Gateway.Configuration;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// Turns flags and the <c>extension-apiserver-authentication</c> ConfigMap into a
/// <see cref="ClientAuthenticationConfig"/>, with the precedence of k8s.io/apiserver pkg/server/options/authentication.go
/// (<c>DelegatingAuthenticationOptions.ApplyTo</c>), per setting group:
/// <list type="bullet">
/// <item><c>--client-ca-file</c> given: the client CA comes from it; else from the ConfigMap key <c>client-ca-file</c>.</item>
/// <item><c>--requestheader-client-ca-file</c> given: every front-proxy setting comes from the
/// <c>--requestheader-*</c> flags (their defaults included); else every one comes from the ConfigMap
/// (<c>requestheader-client-ca-file</c>, and JSON string arrays in <c>requestheader-allowed-names</c>,
/// <c>-username-headers</c>, <c>-uid-headers</c>, <c>-group-headers</c>, <c>-extra-headers-prefix</c>; a missing
/// key is an empty list).</item>
/// </list>
/// </summary>
internal static class AuthenticationConfigLoader
{
    /// <summary>Parses a PEM bundle of CA certificates.</summary>
    /// <param name="pem">One or more <c>CERTIFICATE</c> blocks.</param>
    /// <returns>The certificates.</returns>
    /// <exception cref="CryptographicException">No certificate in <paramref name="pem"/>, or a malformed one.</exception>
    public static X509Certificate2Collection ParsePem(string pem)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(pem);
        return certificates.Count > 0
            ? certificates
            : throw new CryptographicException("no PEM CERTIFICATE block found");
    }

    /// <summary>The client CA of <c>--client-ca-file</c>, if given.</summary>
    /// <param name="options">Gateway options.</param>
    /// <returns>The CA bundle, or <see langword="null"/>.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="CryptographicException">The file holds no certificate.</exception>
    public static X509Certificate2Collection? ClientCaFromFlags(GatewayOptions options) =>
        options.ClientCaFile is { } file ? ParsePem(File.ReadAllText(file)) : null;

    /// <summary>The front-proxy settings of the <c>--requestheader-*</c> flags, when the CA file flag is given.</summary>
    /// <param name="options">Gateway options.</param>
    /// <returns>The settings, or <see langword="null"/>.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="CryptographicException">The file holds no certificate.</exception>
    public static RequestHeaderConfig? RequestHeaderFromFlags(GatewayOptions options) =>
        options.RequestHeaderClientCaFile is { } file
            ? new RequestHeaderConfig(ParsePem(File.ReadAllText(file)), options.RequestHeaderAllowedNames,
                options.RequestHeaderUsernameHeaders, options.RequestHeaderUidHeaders, options.RequestHeaderGroupHeaders,
                options.RequestHeaderExtraHeadersPrefix)
            : null;

    /// <summary>The client CA of the ConfigMap (<c>client-ca-file</c>).</summary>
    /// <param name="data">ConfigMap data, or <see langword="null"/> when there is no ConfigMap.</param>
    /// <returns>The CA bundle, or <see langword="null"/> when the key is missing or empty.</returns>
    /// <exception cref="CryptographicException">The value is not a PEM bundle.</exception>
    public static X509Certificate2Collection? ClientCaFromConfigMap(IReadOnlyDictionary<string, string>? data) =>
        Value(data, "client-ca-file") is { } pem ? ParsePem(pem) : null;

    /// <summary>The front-proxy settings of the ConfigMap (requestheader_controller.go <c>getRequestHeaderInfoFor</c>).</summary>
    /// <param name="data">ConfigMap data, or <see langword="null"/> when there is no ConfigMap.</param>
    /// <returns>The settings, or <see langword="null"/> when <c>requestheader-client-ca-file</c> is missing or empty.</returns>
    /// <exception cref="CryptographicException">The CA is not a PEM bundle.</exception>
    /// <exception cref="JsonException">A list is not a JSON string array.</exception>
    public static RequestHeaderConfig? RequestHeaderFromConfigMap(IReadOnlyDictionary<string, string>? data)
    {
        if (Value(data, "requestheader-client-ca-file") is not { } pem)
        {
            return null;
        }

        return new RequestHeaderConfig(ParsePem(pem), Strings(data, "requestheader-allowed-names"),
            Strings(data, "requestheader-username-headers"), Strings(data, "requestheader-uid-headers"),
            Strings(data, "requestheader-group-headers"), Strings(data, "requestheader-extra-headers-prefix"));
    }

    private static string? Value(IReadOnlyDictionary<string, string>? data, string key) =>
        data is not null && data.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    // requestheader_controller.go deserializeStrings: empty means none, else json.Unmarshal into []string.
    private static IReadOnlyList<string> Strings(IReadOnlyDictionary<string, string>? data, string key) =>
        Value(data, key) is { } json
            ? JsonSerializer.Deserialize<string[]>(json) ?? []
            : [];
}
