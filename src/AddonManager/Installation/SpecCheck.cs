using System.Text.RegularExpressions;
using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.AddonManager.Installation;

/// <summary>
/// Rejects a configuration spec the installation cannot act on, before anything is applied. The CRD schema marks these
/// fields required but does not enforce values (upstream's has no enum on <c>egress.type</c>, and upstream panics on a
/// missing <c>clusterProxy</c>), so the reconciler reports the problem in status instead of retrying forever.
/// </summary>
internal static partial class SpecCheck
{
    /// <summary>The first problem of <paramref name="spec"/>, or null when it can be installed.</summary>
    /// <param name="spec">The spec.</param>
    /// <returns>A message naming the field, or null.</returns>
    public static string? FindProblem(ClusterGatewayConfigurationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec.Image))
        {
            return "spec.image is required";
        }

        if (NamespaceProblem("spec.installNamespace", spec.InstallNamespace) is { } install)
        {
            return install;
        }

        if (NamespaceProblem("spec.secretNamespace", spec.SecretNamespace) is { } secret)
        {
            return secret;
        }

        var egress = spec.Egress?.Type;
        if (egress is not (EgressTypes.Direct or EgressTypes.ClusterProxy))
        {
            return $"spec.egress.type must be {EgressTypes.Direct} or {EgressTypes.ClusterProxy}, not \"{egress}\"";
        }

        return egress == EgressTypes.ClusterProxy ? ClusterProxyProblem(spec.Egress!.ClusterProxy) : null;
    }

    private static string? ClusterProxyProblem(ClusterGatewayClusterProxy? proxy)
    {
        if (proxy is null)
        {
            return "spec.egress.clusterProxy is required when spec.egress.type is ClusterProxy";
        }

        if (string.IsNullOrWhiteSpace(proxy.ProxyServerHost))
        {
            return "spec.egress.clusterProxy.proxyServerHost is required";
        }

        if (proxy.ProxyServerPort is < 1 or > 65535)
        {
            return $"spec.egress.clusterProxy.proxyServerPort must be 1-65535, not {proxy.ProxyServerPort}";
        }

        var credentials = proxy.Credentials;
        return credentials is null
            ? "spec.egress.clusterProxy.credentials is required"
            : NamespaceProblem("spec.egress.clusterProxy.credentials.namespace", credentials.Namespace)
                ?? NameProblem("spec.egress.clusterProxy.credentials.proxyClientCASecretName", credentials.ProxyClientCASecretName)
                ?? NameProblem("spec.egress.clusterProxy.credentials.proxyClientSecretName", credentials.ProxyClientSecretName);
    }

    // A namespace name is an RFC 1123 label (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/).
    private static string? NamespaceProblem(string field, string? value) =>
        string.IsNullOrEmpty(value) ? $"{field} is required"
        : value.Length > 63 || !Label().IsMatch(value) ? $"{field} \"{value}\" is not a valid namespace name (RFC 1123 label)"
        : null;

    // A Secret name is an RFC 1123 subdomain.
    private static string? NameProblem(string field, string? value) =>
        string.IsNullOrEmpty(value) ? $"{field} is required"
        : value.Length > 253 || !Subdomain().IsMatch(value) ? $"{field} \"{value}\" is not a valid Secret name (RFC 1123 subdomain)"
        : null;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Label();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Subdomain();
}
