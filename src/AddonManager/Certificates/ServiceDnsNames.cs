namespace ClusterGateway.AddonManager.Certificates;

/// <summary>The DNS names a Service is reachable by in-cluster, i.e. the SANs its serving certificate needs.</summary>
internal static class ServiceDnsNames
{
    /// <summary>Builds <c>svc</c>, <c>svc.ns</c>, <c>svc.ns.svc</c> and <c>svc.ns.svc.&lt;domain&gt;</c>.</summary>
    /// <param name="service">Service name.</param>
    /// <param name="namespace">Service namespace.</param>
    /// <param name="clusterDomain">Cluster DNS domain.</param>
    /// <returns>The names, most specific last.</returns>
    public static IReadOnlyList<string> For(string service, string @namespace, string clusterDomain = "cluster.local")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterDomain);
        return
        [
            service,
            $"{service}.{@namespace}",
            $"{service}.{@namespace}.svc",
            $"{service}.{@namespace}.svc.{clusterDomain}",
        ];
    }
}
