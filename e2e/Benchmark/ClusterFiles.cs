namespace ClusterGateway.Benchmark;

/// <summary>Local-mode cluster Secret manifests (one file per cluster).</summary>
internal static class ClusterFiles
{
    public static string Write(string dir, string name, string endpoint, string caPem, string token, int generation = 0)
    {
        Directory.CreateDirectory(dir);
        var ca = string.Join("\n", caPem.TrimEnd().Split('\n').Select(l => "    " + l));
        var path = Path.Combine(dir, name + ".yaml");
        // Write then rename: the watcher never sees a half-written file.
        var tmp = Path.Combine(dir, "." + name + ".tmp");
        File.WriteAllText(tmp, $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: {name}
              annotations:
                bench/generation: "{generation}"
              labels:
                cluster.core.oam.dev/cluster-credential-type: ServiceAccountToken
            type: Opaque
            stringData:
              endpoint: {endpoint}
              token: {token}
              ca.crt: |
            {ca}

            """);
        File.Move(tmp, path, overwrite: true);
        return path;
    }
}
