namespace ClusterGateway.TestSupport;

/// <summary>The outcome of one kubectl run.</summary>
public sealed record KubectlResult(int ExitCode, string StdOut, string StdErr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with both streams when kubectl failed; returns this otherwise.</summary>
    public KubectlResult EnsureSuccess() => ExitCode == 0
        ? this
        : throw new InvalidOperationException(
            $"kubectl exited with {ExitCode}.{Environment.NewLine}stdout: {StdOut}{Environment.NewLine}stderr: {StdErr}");

    public override string ToString() => $"exit {ExitCode}; stdout: {StdOut}; stderr: {StdErr}";
}
