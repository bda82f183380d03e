namespace ClusterGateway.Kube.Tests.Config;

/// <summary>Paths of the fixture files copied to the output directory.</summary>
internal static class Assets
{
    public static string Directory { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Config", "assets");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Directory, .. parts]);

    public static byte[] Bytes(params string[] parts) => File.ReadAllBytes(Path(parts));
}
