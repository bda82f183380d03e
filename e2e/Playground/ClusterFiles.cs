namespace ClusterGateway.Playground;

/// <summary>Local-mode cluster Secret manifests, the format of the README and <c>config/samples/clusters</c>.</summary>
internal static class ClusterFiles
{
    /// <summary>Writes <c>{name}.yaml</c> (write then rename, so the gateway's folder watcher never reads half a file).</summary>
    public static string Write(string directory, string name, Uri endpoint, string caPem, string token)
    {
        Directory.CreateDirectory(directory);
        var ca = string.Join("\n", caPem.TrimEnd().Split('\n').Select(l => "    " + l.TrimEnd('\r')));
        var path = Path.Combine(directory, name + ".yaml");
        var temporary = Path.Combine(directory, "." + name + ".tmp");
        File.WriteAllText(temporary, $"""
            # A managed cluster of the playground (in memory; gone when the playground stops).
            apiVersion: v1
            kind: Secret
            metadata:
              name: {name}
              labels:
                cluster.core.oam.dev/cluster-credential-type: ServiceAccountToken
            type: Opaque
            stringData:
              endpoint: {endpoint.GetLeftPart(UriPartial.Authority)}
              token: {token}
              ca.crt: |
            {ca}

            """);
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
