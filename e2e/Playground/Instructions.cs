namespace ClusterGateway.Playground;

/// <summary>What the playground prints once everything listens: one "ready" line, then kubectl commands to paste.</summary>
internal static class Instructions
{
    /// <summary>The start of the line printed when the gateway serves both clusters (tests wait for it).</summary>
    public const string ReadyPrefix = "Playground ready:";

    public static string Render(Uri gateway, string kubeconfig, string clustersDir, IEnumerable<string> clusters)
    {
        var server = gateway.GetLeftPart(UriPartial.Authority);
        var kc = "kubectl --kubeconfig " + Quote(kubeconfig);
        var proxy = server + "/apis/cluster.core.oam.dev/v1alpha1/clustergateways";
        return $"""
            {ReadyPrefix} gateway {server}, clusters {string.Join(", ", clusters)}, kubeconfig {kubeconfig}

            Cluster Secrets (the format for your own clusters): {clustersDir}
            Try, in another shell from this directory:

              # The managed clusters, as ClusterGateway resources
              {kc} get clustergateways

              # Any Kubernetes request to a cluster goes through its proxy subresource
              {kc} --server {proxy}/c1/proxy get ns

              # Watch ConfigMaps in c2 (leave it running) ...
              {kc} --server {proxy}/c2/proxy get configmaps -w
              # ... and create one from a third shell
              {kc} --server {proxy}/c2/proxy create configmap hello --from-literal=greeting=hi

              # Exec into the pod demo in c1 (its fake container knows echo, cat and sh -c)
              {kc} --server {proxy}/c1/proxy exec demo -- echo hello from c1
              {kc} --server {proxy}/c1/proxy exec -i demo -- cat

            Ctrl-C stops the playground.
            """;
    }

    private static string Quote(string path) =>
        path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '\\') ? "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : path;
}
