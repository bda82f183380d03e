using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ClusterGateway.E2E.Processes;

/// <summary>What the harness's kubelet runs for one container.</summary>
/// <param name="Name">The pod name (log prefix).</param>
/// <param name="Dll">The published entry assembly, run as <c>dotnet {Dll} {Args}</c> (the images' ENTRYPOINT).</param>
/// <param name="Args">The container's args (ports already rewritten to the pod network).</param>
/// <param name="Environment">The container's environment.</param>
/// <param name="Mounts">Host directory → mount path in the container.</param>
internal sealed record PodProcessSpec(string Name, string Dll, IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Environment, IReadOnlyList<(string HostPath, string MountPath)> Mounts);

/// <summary>
/// One container process. In <see cref="MountMode.Namespace"/> it runs in a private mount namespace
/// (<c>unshare --mount --propagation private</c>) where the pod's volumes are bind-mounted at their real paths
/// (<c>/var/run/secrets/kubernetes.io/serviceaccount</c>, <c>/etc/server/</c>, …), then <c>exec dotnet</c>, so the PID
/// the harness signals is the product's own. In <see cref="MountMode.Rewrite"/> (no unshare) the caller has already
/// rewritten mount paths in the args.
/// </summary>
internal sealed class PodProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ProcessLog _log;
    private readonly string _name;
    private int _stopped;

    private PodProcess(Process process, ProcessLog log, string name)
    {
        _process = process;
        _log = log;
        _name = name;
    }

    /// <summary>The process id (the dotnet process itself: unshare and sh exec into it).</summary>
    public int Id => _process.Id;

    /// <summary>Completes when the process exits.</summary>
    public Task Exited => _process.WaitForExitAsync();

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts the container process.</summary>
    public static PodProcess Start(PodProcessSpec spec, MountMode mode, ProcessLog log)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ProcessStartInfo start;
        if (mode == MountMode.Namespace)
        {
            start = new ProcessStartInfo("unshare");
            foreach (var argument in (string[])["--mount", "--propagation", "private", "sh", "-c", Script(spec)])
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start = new ProcessStartInfo("dotnet");
            start.ArgumentList.Add(spec.Dll);
            foreach (var argument in spec.Args)
            {
                start.ArgumentList.Add(argument);
            }
        }

        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.WorkingDirectory = Path.GetDirectoryName(spec.Dll)!;
        foreach (var name in start.Environment.Keys.Where(k =>
                     k.StartsWith("KUBERNETES_", StringComparison.Ordinal) ||
                     k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) ||
                     k.StartsWith("DOTNET_", StringComparison.Ordinal) && k != "DOTNET_ROOT" ||
                     k is "KUBECONFIG" or "NAMESPACE").ToList())
        {
            start.Environment.Remove(name);
        }

        // The images' ENV: Kestrel listens only where the flags say.
        start.Environment["ASPNETCORE_HTTP_PORTS"] = "";
        foreach (var (name, value) in spec.Environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log.Add(spec.Name, e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.Add(spec.Name + " (stderr)", e.Data); } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        log.Add("kubelet", string.Create(CultureInfo.InvariantCulture,
            $"started {spec.Name} as PID {process.Id}: dotnet {Path.GetFileName(spec.Dll)} {string.Join(' ', spec.Args)}"));
        return new PodProcess(process, log, spec.Name);
    }

    /// <summary>
    /// Stops the container as the kubelet does: SIGTERM, then SIGKILL after <paramref name="grace"/>; returns when the
    /// process is gone.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1 || _process.HasExited)
        {
            await _process.WaitForExitAsync();
            return;
        }

        _log.Add("kubelet", $"SIGTERM {_name} (PID {_process.Id})");
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])
               { UseShellExecute = false }))
        {
            await kill!.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _log.Add("kubelet", $"{_name} ignored SIGTERM for {grace}; SIGKILL");
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _log.Add("kubelet", $"{_name} exited with {_process.ExitCode}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (TimeoutException)
        {
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static string Script(PodProcessSpec spec)
    {
        var script = new StringBuilder("set -e; ");
        // /tmp (an emptyDir) last: the other mounts' sources may live below the host's /tmp.
        foreach (var (host, mountPath) in spec.Mounts.OrderBy(m => IsPrefixOfAny(m.MountPath, spec) ? 1 : 0))
        {
            script.Append(CultureInfo.InvariantCulture,
                $"mkdir -p {Quote(mountPath)}; mount --bind {Quote(host)} {Quote(mountPath)}; ");
        }

        script.Append("cd ").Append(Quote(Path.GetDirectoryName(spec.Dll)!)).Append("; exec dotnet ").Append(Quote(spec.Dll));
        foreach (var argument in spec.Args)
        {
            script.Append(' ').Append(Quote(argument));
        }

        return script.ToString();
    }

    private static bool IsPrefixOfAny(string mountPath, PodProcessSpec spec) =>
        spec.Mounts.Any(m => m.HostPath.StartsWith(mountPath.TrimEnd('/') + "/", StringComparison.Ordinal)) ||
        spec.Dll.StartsWith(mountPath.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>How a pod's volumes reach the process.</summary>
internal enum MountMode
{
    /// <summary>A private mount namespace with bind mounts at the real paths.</summary>
    Namespace,

    /// <summary>No unshare: mount paths in the args are rewritten to host directories; the hub via --kubeconfig.</summary>
    Rewrite,
}
