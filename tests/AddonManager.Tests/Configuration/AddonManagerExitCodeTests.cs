using System.Diagnostics;
using ClusterGateway.TestSupport;

namespace ClusterGateway.AddonManager.Tests.Configuration;

/// <summary>The addon-manager binary, started as a pod starts it, refuses unsafe leader-election timings before doing anything.</summary>
public sealed class AddonManagerExitCodeTests
{
    [Theory(Timeout = 60_000)]
    [InlineData("--leader-elect-renew-deadline", "15s",
        "error: --leader-elect-lease-duration (15s) must be greater than --leader-elect-renew-deadline (15s)")]
    [InlineData("--leader-elect-retry-period", "12s",
        "error: --leader-elect-renew-deadline (10s) must be greater than --leader-elect-retry-period (12s)")]
    public async Task Start_UnsafeLeaderElectionTimings_ExitsTwoNamingTheFlags(string flag, string value, string message)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ClusterGateway.AddonManager.dll"));
        info.ArgumentList.Add("--leader-elect");
        info.ArgumentList.Add(flag);
        info.ArgumentList.Add(value);
        info.Environment["NAMESPACE"] = "cg-system";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TestTimeouts.Default, "the addon-manager to exit");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        (await stderr).Should().StartWith(message);
        process.ExitCode.Should().Be(2, await stdout);
    }
}
