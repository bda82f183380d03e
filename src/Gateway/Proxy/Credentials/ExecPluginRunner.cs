using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using ClusterGateway.Gateway.Configuration;

namespace ClusterGateway.Gateway.Proxy.Credentials;

/// <summary>
/// Runs an exec credential plugin the way client-go does (k8s.io/client-go/plugin/pkg/client/auth/exec/exec.go):
/// <list type="number">
/// <item>the command (from <c>PATH</c> unless it is a path) with its args; the environment is the gateway's own with the
/// ExecConfig's <c>env</c> set over it, plus <c>KUBERNETES_EXEC_INFO</c> (<see cref="ExecCredentialRequest"/>);</item>
/// <item>stdin is empty (never interactive); stdout is the answer (at most 1 MiB); stderr (at most 16 KiB) is only
/// logged, never shown to callers;</item>
/// <item>the whole run is bounded by <c>--exec-credential-timeout</c>; when it passes, or the gateway stops, the plugin
/// and everything it started are killed (the process tree).</item>
/// </list>
/// </summary>
/// <param name="options">Gateway options (the timeout).</param>
/// <param name="logger">Logger.</param>
internal sealed partial class ExecPluginRunner(GatewayOptions options, ILogger<ExecPluginRunner> logger)
{
    private const int MaxStdoutChars = 1024 * 1024;
    private const int MaxStderrChars = 16 * 1024;

    /// <summary>Runs the plugin and returns its standard output.</summary>
    /// <param name="plugin">The plugin.</param>
    /// <param name="cancellationToken">Cancels the run (gateway shutdown); the plugin is killed.</param>
    /// <returns>Standard output.</returns>
    /// <exception cref="ExecCredentialException">Not found, not runnable, timed out, non-zero exit, output too large.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<string> RunAsync(ExecPlugin plugin, CancellationToken cancellationToken)
    {
        // :: Step 1
        var start = new ProcessStartInfo(plugin.Command)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in plugin.Args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in plugin.Env)
        {
            start.Environment[name] = value;
        }

        start.Environment["KUBERNETES_EXEC_INFO"] = plugin.ExecInfo;

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ExecCredentialException(e.NativeErrorCode == 2
                ? $"exec: executable {plugin.Command} not found" + (plugin.InstallHint is { Length: > 0 } hint ? $"\n\n{hint}" : "")
                : $"exec: executable {plugin.Command} could not be started: {e.Message}");
        }

        // :: Step 2
        process.StandardInput.Close();
        var stdout = ReadAsync(process.StandardOutput, MaxStdoutChars);
        var stderr = ReadAsync(process.StandardError, MaxStderrChars);

        // :: Step 3
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ExecCredentialTimeout);
        (string Text, bool Truncated) output;
        string errors;
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            // A daemon the plugin left behind may hold the pipes open: the timeout bounds the reads too.
            output = await stdout.WaitAsync(timeout.Token);
            errors = (await stderr.WaitAsync(timeout.Token)).Text;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            throw new ExecCredentialException(
                $"exec: executable {plugin.Command} did not finish within {options.ExecCredentialTimeout.TotalSeconds:0.###}s " +
                "(--exec-credential-timeout) and was killed");
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }

        if (errors.Length > 0)
        {
            Log.Stderr(logger, plugin.Cluster, plugin.Command, errors.Trim());
        }

        if (process.ExitCode != 0)
        {
            throw new ExecCredentialException($"exec: executable {plugin.Command} failed with exit code {process.ExitCode}");
        }

        return output.Truncated
            ? throw new ExecCredentialException($"exec: executable {plugin.Command} wrote more than {MaxStdoutChars} characters to stdout")
            : output.Text;
    }

    private static async Task<(string Text, bool Truncated)> ReadAsync(StreamReader reader, int limit)
    {
        var text = new StringBuilder();
        var buffer = new char[4096];
        int read;
        var truncated = false;
        // Past the limit the output is drained and dropped, so the plugin is not blocked on a full pipe.
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            var keep = Math.Min(read, limit - text.Length);
            text.Append(buffer, 0, keep);
            truncated |= keep < read;
        }

        return (text.ToString(), truncated);
    }

    private void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            Log.KillFailed(logger, process.StartInfo.FileName, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 330, Level = LogLevel.Warning,
            Message = "Exec credential plugin {Command} of cluster {Cluster} wrote to stderr: {Stderr}")]
        public static partial void Stderr(ILogger logger, string cluster, string command, string stderr);

        [LoggerMessage(EventId = 331, Level = LogLevel.Warning, Message = "Could not kill exec credential plugin {Command}: {Reason}")]
        public static partial void KillFailed(ILogger logger, string command, string reason);
    }
}
