using System.Diagnostics;
using System.Text;

namespace ClusterGateway.TestSupport;

/// <summary>Runs one kubectl binary; every run gets its own temporary HOME and cache directory.</summary>
public sealed class KubectlRunner(string executablePath)
{
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public string ExecutablePath { get; } = executablePath;

    /// <summary>A runner that also sets an environment variable (e.g. <c>DISABLE_HTTP2=true</c> for HTTP/1.1).</summary>
    public KubectlRunner WithEnvironment(string name, string value)
    {
        var runner = new KubectlRunner(ExecutablePath);
        foreach (var (key, existing) in _environment)
        {
            runner._environment[key] = existing;
        }

        runner._environment[name] = value;
        return runner;
    }

    public async Task<KubectlResult> RunAsync(string kubeconfigPath, IEnumerable<string> args, string? stdin = null,
        TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var limit = timeout ?? TestTimeouts.Default;
        var home = CreateHome();
        try
        {
            using var process = new Process { StartInfo = CreateStartInfo(kubeconfigPath, args, home) };
            process.Start();
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin.AsMemory(), ct);
            }

            process.StandardInput.Close();
            try
            {
                await process.WaitForExitAsync(ct).WaitAsync(limit, ct);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                throw new TimeoutException(
                    $"kubectl {string.Join(' ', args)} did not finish within {limit}.{Environment.NewLine}" +
                    $"stdout: {await stdout}{Environment.NewLine}stderr: {await stderr}");
            }

            return new KubectlResult(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            TryDelete(home);
        }
    }

    /// <summary>Starts a long-running command (<c>get -w</c>, <c>port-forward</c>); dispose to kill it.</summary>
    public KubectlProcess Start(string kubeconfigPath, IEnumerable<string> args)
    {
        var home = CreateHome();
        var process = new Process { StartInfo = CreateStartInfo(kubeconfigPath, args, home) };
        process.Start();
        process.StandardInput.Close();
        return new KubectlProcess(process, () => TryDelete(home));
    }

    private ProcessStartInfo CreateStartInfo(string kubeconfigPath, IEnumerable<string> args, string home)
    {
        var info = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = home,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfigPath);
        info.ArgumentList.Add("--cache-dir");
        info.ArgumentList.Add(Path.Combine(home, "cache"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var variable in new[] { "KUBECONFIG", "KUBERC", "XDG_CONFIG_HOME", "XDG_CACHE_HOME" })
        {
            info.Environment.Remove(variable);
        }

        info.Environment["HOME"] = home;
        info.Environment["KUBECACHEDIR"] = Path.Combine(home, "cache");
        info.Environment["KUBECTL_KUBERC"] = "false";
        info.Environment["NO_COLOR"] = "1";
        foreach (var proxy in new[] { "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy" })
        {
            info.Environment.Remove(proxy);
        }

        info.Environment["NO_PROXY"] = "127.0.0.1,localhost";
        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    private static string CreateHome()
    {
        var home = Path.Combine(Path.GetTempPath(), "kubectl-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        return home;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
