using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ClusterGateway.Crds;
using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Kube.Config;
using ClusterGateway.Kube.Files;
using ClusterEntry = ClusterGateway.Gateway.Clusters.ClusterEntry;
using ClusterGateway.Kube.Json;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.Gateway.Local;

/// <summary>
/// Local mode (<c>--import-kubeconfig</c>): every context of a kubeconfig becomes a cluster named after the context
/// (lower-cased, characters outside DNS-1123 replaced by <c>-</c>), with the context's server, CA and credentials.
/// Each context is expressed as the hub Secret that would describe it and converted by the same rules, so the
/// kubeconfig and Secret paths cannot drift apart. A context that cannot be used is reported on its own. The file is
/// read by the host before it starts (<see cref="KubeConfigLoader.Load"/>: a regular file of at most 1 MiB, no YAML
/// anchors or aliases, bounded nesting), so a file that breaks those limits is a startup error naming the file and
/// the problem.
/// </summary>
internal sealed partial class KubeconfigImportSource(
    string path, KubeConfig config, ClusterRegistry registry, SecretConversionOptions conversion,
    ILogger<KubeconfigImportSource> logger)
    : IHostedService
{
    private string SourceId => "kubeconfig:" + path;

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        registry.AddSource(SourceId);
        var entries = new List<ClusterEntry>();
        foreach (var context in KubeConfigLoader.Contexts(config))
        {
            var name = ClusterName(context);
            if (name != context)
            {
                Log.Renamed(logger, context, name);
            }

            var source = $"kubeconfig {path} context {context}";
            try
            {
                var secret = ToSecret(name, KubeConfigLoader.Resolve(config, context));
                entries.Add(SecretClusters.ToEntry(secret, conversion, source)!);
            }
            catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException)
            {
                entries.Add(new ClusterEntry(name, null, e.Message, source));
            }
        }

        registry.Replace(SourceId, entries);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A cluster name for a context name: a DNS-1123 subdomain (e.g. <c>kind-dev</c>, <c>arn-aws-eks-...</c>).</summary>
    /// <param name="context">Context name.</param>
    /// <returns>The cluster name.</returns>
    internal static string ClusterName(string context)
    {
        var name = InvalidCharacters().Replace(context.ToLowerInvariant(), "-").Trim('-', '.');
        return name.Length == 0 ? "cluster" : name[..Math.Min(name.Length, 253)];
    }

    private static Secret ToSecret(string name, ResolvedContext context)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [SecretKeys.Endpoint] = Encoding.UTF8.GetBytes(context.Server.ToString()),
        };
        string credentialType;
        if (context.ClientCertificatePem is not null && context.ClientKeyPem is not null)
        {
            credentialType = CredentialTypes.X509Certificate;
            data[SecretKeys.TlsCrt] = context.ClientCertificatePem;
            data[SecretKeys.TlsKey] = context.ClientKeyPem;
        }
        else if (context.TokenFile is not null || !string.IsNullOrEmpty(context.Token))
        {
            credentialType = CredentialTypes.ServiceAccountToken;
            data[SecretKeys.Token] = Encoding.UTF8.GetBytes(context.Token ?? BoundedFile.ReadAllText(context.TokenFile!).Trim());
        }
        else if (context.Exec is not null)
        {
            credentialType = CredentialTypes.Dynamic;
            data[SecretKeys.Exec] = JsonSerializer.SerializeToUtf8Bytes(context.Exec, KubeJson.Options);
        }
        else
        {
            throw new KubeConfigException(
                $"context \"{context.ContextName}\": user \"{context.UserName}\" has no client certificate, token " +
                "or exec plugin the gateway could use");
        }

        if (context.CertificateAuthorityPem is not null)
        {
            data[SecretKeys.CaCrt] = context.CertificateAuthorityPem;
        }

        if (context.InsecureSkipTlsVerify)
        {
            data[SecretKeys.InsecureSkipTlsVerify] = "true"u8.ToArray();
        }

        if (context.ProxyUrl is not null)
        {
            data[SecretKeys.ProxyUrl] = Encoding.UTF8.GetBytes(context.ProxyUrl.ToString());
        }

        if (context.TlsServerName is not null)
        {
            data[SecretKeys.TlsServerName] = Encoding.UTF8.GetBytes(context.TlsServerName);
        }

        return new Secret
        {
            Metadata = new() { Name = name, Labels = new() { [SecretKeys.CredentialTypeLabel] = credentialType } },
            Type = "Opaque",
            Data = data,
        };
    }

    [GeneratedRegex("[^a-z0-9.-]+")]
    private static partial Regex InvalidCharacters();

    private static partial class Log
    {
        [LoggerMessage(EventId = 410, Level = LogLevel.Information,
            Message = "Kubeconfig context {Context} is served as cluster {Name}")]
        public static partial void Renamed(ILogger logger, string context, string name);
    }
}
