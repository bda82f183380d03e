using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace ClusterGateway.Gateway.Proxy.Credentials;

/// <summary>
/// Reads the ExecCredential a plugin prints on stdout, with client-go's checks and wording
/// (k8s.io/client-go/plugin/pkg/client/auth/exec/exec.go <c>refreshCredsLocked</c>):
/// <c>{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"...",
/// "clientCertificateData":"-----BEGIN CERTIFICATE-----...","clientKeyData":"-----BEGIN ... KEY-----...",
/// "expirationTimestamp":"2025-01-01T00:00:00Z"}}</c>.
/// </summary>
internal static class ExecCredentialParser
{
    /// <summary>Parses and checks the output.</summary>
    /// <param name="stdout">The plugin's standard output.</param>
    /// <param name="apiVersion">The apiVersion the ExecConfig asked for; the answer must carry the same.</param>
    /// <returns>The credential.</returns>
    /// <exception cref="ExecCredentialException">The output is not a usable ExecCredential.</exception>
    public static ExecCredential Parse(string stdout, string apiVersion)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(stdout);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ExecCredentialException($"decoding stdout: {e.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ExecCredentialException($"decoding stdout: expected a JSON object, got {root.ValueKind}");
        }

        var returned = String(root, "apiVersion") ?? "";
        if (!string.Equals(returned, apiVersion, StringComparison.Ordinal))
        {
            throw new ExecCredentialException(
                $"exec plugin is configured to use API version {apiVersion}, plugin returned version {returned}");
        }

        if (String(root, "kind") is var kind && !string.Equals(kind, "ExecCredential", StringComparison.Ordinal))
        {
            throw new ExecCredentialException($"decoding stdout: kind \"{kind}\" is not ExecCredential");
        }

        if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Object)
        {
            throw new ExecCredentialException("exec plugin didn't return a status field");
        }

        var token = String(status, "token") is { Length: > 0 } t ? t : null;
        var certificate = String(status, "clientCertificateData") is { Length: > 0 } c ? c : null;
        var key = String(status, "clientKeyData") is { Length: > 0 } k ? k : null;
        if (token is null && certificate is null && key is null)
        {
            throw new ExecCredentialException("exec plugin didn't return a token or cert/key pair");
        }

        if ((certificate is null) != (key is null))
        {
            throw new ExecCredentialException("exec plugin returned only certificate or key, not both");
        }

        if (certificate is not null)
        {
            CheckKeyPair(certificate, key!);
        }

        return new ExecCredential(token, certificate is null ? null : Encoding.UTF8.GetBytes(certificate),
            key is null ? null : Encoding.UTF8.GetBytes(key), Expiry(status));
    }

    private static DateTimeOffset? Expiry(JsonElement status)
    {
        if (String(status, "expirationTimestamp") is not { Length: > 0 } text)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expiry)
            ? expiry
            : throw new ExecCredentialException($"decoding stdout: invalid status.expirationTimestamp \"{text}\"");
    }

    private static void CheckKeyPair(string certificate, string key)
    {
        try
        {
            using var pair = X509Certificate2.CreateFromPem(certificate, key);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new ExecCredentialException($"exec plugin returned an unusable client certificate: {e.Message}");
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
