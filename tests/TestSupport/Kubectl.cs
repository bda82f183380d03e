namespace ClusterGateway.TestSupport;

/// <summary>
/// Runs the real kubectl (env <c>KUBECTL</c>, else <c>/usr/bin/kubectl</c>) against a kubeconfig, with its cache
/// and HOME isolated in a fresh temporary directory per run.
/// </summary>
public static class Kubectl
{
    /// <summary>Where the Google Cloud SDK keeps versioned kubectl binaries (kubectl.1.27 ... kubectl.1.33).</summary>
    public const string VersionedDirectory = "/usr/lib/google-cloud-sdk/bin";

    public static string DefaultPath =>
        Environment.GetEnvironmentVariable("KUBECTL") is { Length: > 0 } path ? path : "/usr/bin/kubectl";

    public static KubectlRunner Default => new(DefaultPath);

    /// <summary>The kubectl binary of a minor version ("1.27"), or null when not installed.</summary>
    public static string? FindVersion(string minorVersion)
    {
        var path = Path.Combine(VersionedDirectory, "kubectl." + minorVersion);
        return File.Exists(path) ? path : null;
    }

    /// <summary>A runner for <c>"default"</c> or a minor version such as <c>"1.27"</c> (fails when missing).</summary>
    public static KubectlRunner Version(string version) =>
        string.Equals(version, "default", StringComparison.Ordinal)
            ? Default
            : new KubectlRunner(FindVersion(version) ??
                throw new FileNotFoundException($"kubectl {version} is not installed in {VersionedDirectory}"));

    public static Task<KubectlResult> RunAsync(string kubeconfigPath, IEnumerable<string> args, string? stdin = null,
        TimeSpan? timeout = null, CancellationToken ct = default) =>
        Default.RunAsync(kubeconfigPath, args, stdin, timeout, ct);

    public static KubectlProcess Start(string kubeconfigPath, IEnumerable<string> args) =>
        Default.Start(kubeconfigPath, args);
}
