using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Config;

namespace ClusterGateway.Gateway.Proxy.Credentials;

/// <summary>
/// A Dynamic cluster's exec credential plugin, from the client-go <c>ExecConfig</c> JSON the Crds converter keeps on
/// <see cref="ClusterAccessCredential.ExecConfig"/> (Secret data key <c>exec</c>):
/// <c>{"apiVersion":"client.authentication.k8s.io/v1","command":"aws","args":[...],"env":[{"name":"A","value":"b"}],
/// "provideClusterInfo":true}</c>
/// (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins).
/// </summary>
internal sealed class ExecPlugin
{
    /// <summary>ExecCredential API versions client-go (and so this gateway) speaks.</summary>
    public static readonly IReadOnlyList<string> ApiVersions =
        ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"];

    private ExecPlugin(string cluster, ExecConfig config, string apiVersion, string execInfo, string key)
    {
        Cluster = cluster;
        Command = config.Command!;
        Args = config.Args ?? [];
        Env = (config.Env ?? []).Select(e => KeyValuePair.Create(e.Name!, e.Value ?? "")).ToList();
        InstallHint = config.InstallHint;
        ApiVersion = apiVersion;
        ExecInfo = execInfo;
        Key = key;
    }

    /// <summary>The cluster whose credential this is.</summary>
    public string Cluster { get; }

    /// <summary>Executable: a path, or a name looked up on the gateway's <c>PATH</c>.</summary>
    public string Command { get; }

    /// <summary>Arguments.</summary>
    public IReadOnlyList<string> Args { get; }

    /// <summary>Variables set over the gateway's own environment.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; }

    /// <summary>Shown when the command is not found.</summary>
    public string? InstallHint { get; }

    /// <summary>The ExecCredential API version requested and required of the answer.</summary>
    public string ApiVersion { get; }

    /// <summary>The <c>KUBERNETES_EXEC_INFO</c> value (see <see cref="ExecCredentialRequest"/>).</summary>
    public string ExecInfo { get; }

    /// <summary>SHA-256 of the ExecConfig JSON and <see cref="ExecInfo"/>: with <see cref="Cluster"/>, the cache key.</summary>
    public string Key { get; }

    /// <summary>Reads the plugin of a Dynamic cluster.</summary>
    /// <param name="cluster">Cluster name.</param>
    /// <param name="config">The ExecConfig JSON object.</param>
    /// <param name="endpoint">The cluster's endpoint, passed to the plugin when it sets <c>provideClusterInfo</c>.</param>
    /// <returns>The plugin.</returns>
    /// <exception cref="ExecCredentialException">The config cannot be used (client-go's and upstream's wording).</exception>
    public static ExecPlugin From(string cluster, JsonElement config, ClusterEndpointConst? endpoint)
    {
        ExecConfig? parsed;
        try
        {
            parsed = config.Deserialize<ExecConfig>();
        }
        catch (JsonException e)
        {
            throw new ExecCredentialException($"failed to decode exec config JSON from secret data: {e.Message}");
        }

        if (parsed is null || string.IsNullOrWhiteSpace(parsed.Command))
        {
            throw new ExecCredentialException("missing \"command\" property on exec config object");
        }

        var apiVersion = parsed.ApiVersion ?? "";
        if (!ApiVersions.Contains(apiVersion, StringComparer.Ordinal))
        {
            throw new ExecCredentialException($"exec plugin: invalid apiVersion \"{apiVersion}\"");
        }

        if (string.Equals(parsed.InteractiveMode, "Always", StringComparison.Ordinal))
        {
            throw new ExecCredentialException(
                "exec plugin cannot support interactive mode: standard input is not a terminal");
        }

        if (parsed.Env?.FindIndex(e => string.IsNullOrEmpty(e.Name)) is >= 0 and var index)
        {
            throw new ExecCredentialException($"exec plugin: env[{index}] has no name");
        }

        var execInfo = ExecCredentialRequest.Build(apiVersion, parsed.ProvideClusterInfo ? endpoint : null);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(config.GetRawText() + "\n" + execInfo)));
        return new ExecPlugin(cluster, parsed, apiVersion, execInfo, key);
    }
}
