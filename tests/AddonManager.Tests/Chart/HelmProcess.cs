using System.ComponentModel;
using System.Diagnostics;

namespace ClusterGateway.AddonManager.Tests.Chart;

/// <summary>The outcome of one helm (or install-tools) run.</summary>
public sealed record HelmResult(int ExitCode, string StdOut, string StdErr);

/// <summary>Runs a program to completion with a timeout; on timeout the whole process tree is killed.</summary>
internal static class HelmProcess
{
    public static async Task<HelmResult> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory,
        TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start {fileName}: {e.Message}", e);
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
        }

        return new HelmResult(process.ExitCode, await stdout, await stderr);
    }
}
