using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClusterGateway.E2E.Processes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.E2E.Harness;

/// <summary>
/// Plays the kubelet and the deployment controller for the fake hub: every Deployment gets one pod (one replica),
/// whose container runs the published binary its image names (<c>…/addon-manager</c>, <c>…/gateway</c>) with the
/// container's args and env (value, secretKeyRef, configMapKeyRef, fieldRef), its Secret/ConfigMap/emptyDir volumes
/// and its service-account token (minted for <c>system:serviceaccount:NS:SA</c>, valid on the hub) mounted at their
/// paths, and the container ports moved to free loopback ports (the "pod network"). The readinessProbe decides
/// readiness; the Deployment status (replicas, ready/available/updated, observedGeneration, condition Available) is
/// written through the status subresource. A template change restarts the pod; deleting the Deployment stops it with
/// SIGTERM (graceful); a crashed container is restarted.
/// </summary>
internal sealed partial class FakeKubelet : IAsyncDisposable
{
    private const string ServiceAccountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>The images' <c>WORKDIR</c>, where the published application lives (Dockerfile.gateway, Dockerfile.addon-manager).</summary>
    private const string AppPath = "/app";
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(30);

    private readonly FakeApiServer _hub;
    private readonly HubApi _api;
    private readonly PublishedBinaries _binaries;
    private readonly ProcessLog _log;
    private readonly string _root;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Pod> _pods = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<string> _createdMountPoints = [];
    private readonly List<Task> _loops = [];
    private int _podCounter;

    public FakeKubelet(FakeApiServer hub, HubApi api, PublishedBinaries binaries, ProcessLog log, MountMode mode)
    {
        _hub = hub;
        _api = api;
        _binaries = binaries;
        _log = log;
        Mode = mode;
        _root = Path.Combine(Path.GetTempPath(), "cg-e2e-kubelet-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_root);
    }

    /// <summary>How volumes reach the processes.</summary>
    public MountMode Mode { get; }

    /// <summary>Raised when a pod becomes ready or unready, starts or stops (endpoints changed).</summary>
    public event Action? EndpointsChanged;

    /// <summary>
    /// Whether this machine allows a private mount namespace (<c>unshare --mount</c> with bind mounts): the
    /// kubelet then mounts volumes at their real paths.
    /// </summary>
    public static async Task<MountMode> DetectModeAsync()
    {
        try
        {
            var probe = await ToolProcess.RunAsync("unshare",
                ["--mount", "--propagation", "private", "sh", "-c", "mount -t tmpfs tmpfs /mnt && umount /mnt"],
                "/", TimeSpan.FromSeconds(10));
            return probe.ExitCode == 0 ? MountMode.Namespace : MountMode.Rewrite;
        }
        catch (InvalidOperationException)
        {
            return MountMode.Rewrite;
        }
    }

    /// <summary>Starts watching Deployments (and the Secrets/ConfigMaps their volumes project).</summary>
    public void Start()
    {
        _loops.Add(Task.Run(() => WatchDeploymentsAsync(_stop.Token)));
        _loops.Add(Task.Run(() => WatchVolumeSourcesAsync("/api/v1/secrets", _stop.Token)));
        _loops.Add(Task.Run(() => WatchVolumeSourcesAsync("/api/v1/configmaps", _stop.Token)));
    }

    /// <summary>The running pod of a Deployment, or null.</summary>
    public PodInfo? PodOf(string @namespace, string deployment) =>
        _pods.TryGetValue($"{@namespace}/{deployment}", out var pod) ? pod.Info : null;

    /// <summary>
    /// The endpoint of a Service port as kube-proxy would route it: a ready, not terminating pod selected by the Service,
    /// at the pod-network port of the Service's targetPort; null when there is none.
    /// </summary>
    public Uri? ResolveEndpoint(string @namespace, string service, int port)
    {
        var svc = _hub.Store.Get(FakeResource.Services, @namespace, service);
        if (svc?["spec"] is not JsonObject spec || spec["selector"] is not JsonObject selector)
        {
            return null;
        }

        var servicePort = spec["ports"]?.AsArray().FirstOrDefault(p => p?["port"]?.GetValue<int>() == port);
        if (servicePort is null)
        {
            return null;
        }

        var targetPort = servicePort["targetPort"] ?? servicePort["port"];
        foreach (var pod in _pods.Values.Where(p => p.Info.Namespace == @namespace && p.Ready && !p.Terminating))
        {
            if (!selector.All(s => pod.Info.Labels.TryGetValue(s.Key, out var v) && v == s.Value!.GetValue<string>()))
            {
                continue;
            }

            var containerPort = targetPort!.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? pod.PortsByName.GetValueOrDefault(targetPort.GetValue<string>())
                : targetPort.GetValue<int>();
            if (pod.Info.Ports.TryGetValue(containerPort, out var hostPort))
            {
                return new Uri(string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{hostPort}/"));
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var pod in _pods.Values)
        {
            await pod.Process.DisposeAsync();
        }

        try
        {
            await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or HttpRequestException)
        {
        }

        foreach (var dir in Enumerable.Reverse(_createdMountPoints))
        {
            try
            {
                Directory.Delete(dir);
            }
            catch (IOException)
            {
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }

        _stop.Dispose();
    }

    private async Task WatchDeploymentsAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var (type, deployment) in _api.ListWatchAsync("/apis/apps/v1/deployments", ct))
            {
                await _gate.WaitAsync(ct);
                try
                {
                    await SyncAsync(type, deployment, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _log.Add("kubelet", $"sync of {Key(deployment)} failed: {e}");
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WatchVolumeSourcesAsync(string path, CancellationToken ct)
    {
        try
        {
            await foreach (var change in _api.ListWatchAsync(path, ct))
            {
                foreach (var pod in _pods.Values)
                {
                    try
                    {
                        pod.Volumes.Resync(out _);
                    }
                    catch (IOException e)
                    {
                        _log.Add("kubelet", $"volume sync of {pod.Info.Name} failed: {e.Message}");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SyncAsync(string type, JsonObject deployment, CancellationToken ct)
    {
        var key = Key(deployment);
        _pods.TryGetValue(key, out var existing);
        if (type == "DELETED" || deployment["metadata"]?["deletionTimestamp"] is not null)
        {
            if (existing is not null)
            {
                _pods.TryRemove(key, out _);
                await StopPodAsync(existing);
            }

            return;
        }

        var template = deployment["spec"]!["template"]!.AsObject();
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(template.ToJsonString())))[..10];
        var generation = deployment["metadata"]?["generation"]?.GetValue<long>() ?? 1;
        if (existing is not null && existing.TemplateHash == hash)
        {
            existing.Generation = generation;
            await WriteStatusAsync(existing, ct);
            return;
        }

        if (existing is not null)
        {
            // One replica: the old pod goes before the new one comes (like maxSurge 0).
            _pods.TryRemove(key, out _);
            await StopPodAsync(existing);
        }

        var pod = await StartPodAsync(deployment, template, hash, generation, ct);
        if (pod is not null)
        {
            _pods[key] = pod;
            await WriteStatusAsync(pod, ct);
            pod.Readiness = Task.Run(() => ProbeLoopAsync(pod, pod.Stopping.Token), CancellationToken.None);
        }
    }

    private async Task<Pod?> StartPodAsync(JsonObject deployment, JsonObject template, string hash, long generation,
        CancellationToken ct)
    {
        var ns = deployment["metadata"]!["namespace"]!.GetValue<string>();
        var name = deployment["metadata"]!["name"]!.GetValue<string>();
        var podName = $"{name}-{hash.ToLowerInvariant()}-{Interlocked.Increment(ref _podCounter)}";
        var spec = template["spec"]!.AsObject();
        var container = spec["containers"]![0]!.AsObject();
        var image = container["image"]?.GetValue<string>() ?? "";
        var dll = image.Contains("addon-manager", StringComparison.Ordinal) ? _binaries.AddonManagerDll
            : image.Contains("gateway", StringComparison.Ordinal) ? _binaries.GatewayDll
            : null;
        if (dll is null)
        {
            _log.Add("kubelet", $"{ns}/{name}: image {image} is not one of ours; not started");
            return null;
        }

        var labels = (template["metadata"]?["labels"]?.AsObject() ?? [])
            .ToDictionary(l => l.Key, l => l.Value!.GetValue<string>(), StringComparer.Ordinal);
        var volumes = new PodVolumes(Path.Combine(_root, podName), ns, _hub.Store);
        if (!volumes.Create(spec["volumes"]?.AsArray(), out var missing))
        {
            // The kubelet waits (ContainerCreating) until the volume source exists; the next Deployment/Secret event retries.
            _log.Add("kubelet", $"{podName}: waiting for {missing}");
            await WaitForVolumesAsync(volumes, ct);
        }

        var ports = new Dictionary<int, int>();
        var portsByName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var port in container["ports"]?.AsArray() ?? [])
        {
            var containerPort = port!["containerPort"]!.GetValue<int>();
            ports[containerPort] = FreePort();
            if (port["name"]?.GetValue<string>() is { } portName)
            {
                portsByName[portName] = containerPort;
            }
        }

        var mounts = new List<(string HostPath, string MountPath)>();
        foreach (var mount in container["volumeMounts"]?.AsArray() ?? [])
        {
            mounts.Add((volumes.PathOf(mount!["name"]!.GetValue<string>()), mount["mountPath"]!.GetValue<string>()));
        }

        var serviceAccount = spec["serviceAccountName"]?.GetValue<string>() ?? "default";
        var token = "sa-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        _hub.Options.Tokens[token] = $"system:serviceaccount:{ns}:{serviceAccount}";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["KUBERNETES_SERVICE_HOST"] = "127.0.0.1",
            ["KUBERNETES_SERVICE_PORT"] = _hub.Url.Port.ToString(CultureInfo.InvariantCulture),
            ["HOSTNAME"] = podName,
        };
        foreach (var variable in container["env"]?.AsArray() ?? [])
        {
            environment[variable!["name"]!.GetValue<string>()] = EnvValue(variable.AsObject(), ns, podName, serviceAccount);
        }

        var args = (container["command"]?.AsArray().Skip(1) ?? []).Concat(container["args"]?.AsArray() ?? [])
            .Select(a => RewritePorts(a!.GetValue<string>(), ports)).ToList();
        var serviceAccountDir = spec["automountServiceAccountToken"]?.GetValue<bool>() == false
            ? null
            : volumes.WriteServiceAccount(token, _hub.CaPem);
        if (Mode == MountMode.Namespace)
        {
            if (serviceAccountDir is not null)
            {
                mounts.Add((serviceAccountDir, ServiceAccountPath));
            }

            // The application at the image's path, so that no volume (e.g. an emptyDir at /tmp) can hide it.
            mounts.Insert(0, (Path.GetDirectoryName(dll)!, AppPath));
            dll = $"{AppPath}/{Path.GetFileName(dll)}";
            foreach (var (_, mountPath) in mounts)
            {
                EnsureMountPoint(mountPath);
            }
        }
        else
        {
            args = [.. args.Select(a => mounts.Aggregate(a, (current, m) =>
                current.Replace(m.MountPath.TrimEnd('/') + "/", m.HostPath + "/", StringComparison.Ordinal)))];
            if (serviceAccountDir is not null)
            {
                var kubeconfig = Path.Combine(serviceAccountDir, "..kubeconfig");
                await File.WriteAllTextAsync(kubeconfig, Kubeconfig.Build("hub", _hub.Url, _hub.CaPem, token, null), ct);
                args.Add($"--kubeconfig={kubeconfig}");
            }

            mounts.Clear();
        }

        var process = PodProcess.Start(new PodProcessSpec(podName, dll, args, environment, mounts), Mode, _log);
        var pod = new Pod(new PodInfo(ns, podName, labels, ports), process, volumes, hash, container, portsByName)
        {
            Deployment = name,
            Generation = generation,
            Args = args,
            Environment = environment,
            Mounts = mounts,
            Dll = dll,
        };
        EndpointsChanged?.Invoke();
        return pod;
    }

    private static async Task WaitForVolumesAsync(PodVolumes volumes, CancellationToken ct)
    {
        // ContainerCreating: the kubelet retries until the volume source exists (the manager writes the serving
        // certificate moments after the Deployment).
        var deadline = DateTimeOffset.UtcNow + TestTimeouts.Long;
        string? missing;
        while (!volumes.Resync(out missing))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"volume source {missing} never appeared");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
    }

    private async Task ProbeLoopAsync(Pod pod, CancellationToken ct)
    {
        var probe = pod.Container["readinessProbe"]?["httpGet"] as JsonObject;
        using var handler = new SocketsHttpHandler();
        // The kubelet does not verify the serving certificate of an HTTPS probe.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(1) };
        var restarts = 0;
        while (!ct.IsCancellationRequested)
        {
            if (pod.Process.HasExited)
            {
                await SetReadyAsync(pod, false, ct);
                if (restarts++ >= 3)
                {
                    _log.Add("kubelet", $"{pod.Info.Name}: CrashLoopBackOff (exited {restarts} times)");
                    return;
                }

                _log.Add("kubelet", $"{pod.Info.Name}: container exited; restarting");
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                pod.Process = PodProcess.Start(new PodProcessSpec(pod.Info.Name, pod.Dll, pod.Args, pod.Environment,
                    pod.Mounts), Mode, _log);
                continue;
            }

            var ready = probe is null || await ProbeAsync(client, pod, probe, ct);
            await SetReadyAsync(pod, ready, ct);
            // Faster than periodSeconds until ready: the harness should not wait 10 s for every rollout.
            await Task.WhenAny(Task.Delay(pod.Ready ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(200), ct),
                pod.Process.Exited);
        }
    }

    private static async Task<bool> ProbeAsync(HttpClient client, Pod pod, JsonObject probe, CancellationToken ct)
    {
        var portNode = probe["port"]!;
        var containerPort = portNode.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? pod.PortsByName.GetValueOrDefault(portNode.GetValue<string>())
            : portNode.GetValue<int>();
        if (!pod.Info.Ports.TryGetValue(containerPort, out var hostPort))
        {
            return false;
        }

        var scheme = probe["scheme"]?.GetValue<string>()?.ToLowerInvariant() ?? "http";
        var path = probe["path"]?.GetValue<string>() ?? "/";
        try
        {
            using var response = await client.GetAsync(
                new Uri(string.Create(CultureInfo.InvariantCulture, $"{scheme}://127.0.0.1:{hostPort}{path}")), ct);
            return (int)response.StatusCode is >= 200 and < 400;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task SetReadyAsync(Pod pod, bool ready, CancellationToken ct)
    {
        if (pod.Ready == ready && pod.StatusWritten)
        {
            return;
        }

        pod.Ready = ready;
        _log.Add("kubelet", $"{pod.Info.Name} ready={ready}");
        EndpointsChanged?.Invoke();
        await _gate.WaitAsync(ct);
        try
        {
            if (_pods.TryGetValue($"{pod.Info.Namespace}/{pod.Deployment}", out var current) && current == pod)
            {
                await WriteStatusAsync(pod, ct);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WriteStatusAsync(Pod pod, CancellationToken ct)
    {
        var ready = pod.Ready ? 1 : 0;
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        JsonObject Condition(string type, bool status, string reason, string message) => new()
        {
            ["type"] = type,
            ["status"] = status ? "True" : "False",
            ["reason"] = reason,
            ["message"] = message,
            ["lastUpdateTime"] = now,
            ["lastTransitionTime"] = now,
        };
        var patch = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["observedGeneration"] = pod.Generation,
                ["replicas"] = 1,
                ["updatedReplicas"] = 1,
                ["readyReplicas"] = ready,
                ["availableReplicas"] = ready,
                ["unavailableReplicas"] = 1 - ready,
                ["conditions"] = new JsonArray(
                    Condition("Available", pod.Ready, pod.Ready ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                        pod.Ready ? "Deployment has minimum availability." : "Deployment does not have minimum availability."),
                    Condition("Progressing", true, "NewReplicaSetAvailable", $"ReplicaSet \"{pod.Info.Name}\" has successfully progressed.")),
            },
        };
        try
        {
            await _api.MergePatchAsync(
                $"/apis/apps/v1/namespaces/{pod.Info.Namespace}/deployments/{pod.Deployment}/status", patch, ct);
            pod.StatusWritten = true;
        }
        catch (HubApiException e) when (e.StatusCode == 404)
        {
        }
    }

    private async Task StopPodAsync(Pod pod)
    {
        pod.Terminating = true;
        EndpointsChanged?.Invoke();
        await pod.Process.StopAsync(GracePeriod);
        await pod.Stopping.CancelAsync();
        await pod.Process.DisposeAsync();
        EndpointsChanged?.Invoke();
    }

    private string EnvValue(JsonObject variable, string ns, string podName, string serviceAccount)
    {
        if (variable["value"] is { } value)
        {
            return value.GetValue<string>();
        }

        var from = variable["valueFrom"]?.AsObject() ?? [];
        if (from["fieldRef"]?["fieldPath"]?.GetValue<string>() is { } field)
        {
            return field switch
            {
                "metadata.namespace" => ns,
                "metadata.name" => podName,
                "spec.serviceAccountName" => serviceAccount,
                "status.podIP" or "status.hostIP" => "127.0.0.1",
                "spec.nodeName" => "fake-node",
                _ => "",
            };
        }

        var secret = from["secretKeyRef"] is JsonObject s;
        if ((from["secretKeyRef"] ?? from["configMapKeyRef"]) is JsonObject reference)
        {
            var live = _hub.Store.Get(secret ? FakeResource.Secrets : FakeResource.ConfigMaps, ns,
                reference["name"]!.GetValue<string>());
            var text = live?["data"]?[reference["key"]!.GetValue<string>()]?.GetValue<string>();
            return text is null ? "" : secret ? Encoding.UTF8.GetString(Convert.FromBase64String(text)) : text;
        }

        return "";
    }

    private void EnsureMountPoint(string path)
    {
        var missing = new List<string>();
        for (var dir = path.TrimEnd('/'); !Directory.Exists(dir); dir = Path.GetDirectoryName(dir)!)
        {
            missing.Add(dir);
        }

        missing.Reverse();
        foreach (var dir in missing)
        {
            Directory.CreateDirectory(dir);
            lock (_createdMountPoints)
            {
                _createdMountPoints.Add(dir);
            }
        }
    }

    private static string RewritePorts(string argument, Dictionary<int, int> ports)
    {
        foreach (var (containerPort, hostPort) in ports)
        {
            argument = Regex.Replace(argument, $"(?<=[=:]){containerPort}$",
                hostPort.ToString(CultureInfo.InvariantCulture), RegexOptions.CultureInvariant);
        }

        return argument;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Key(JsonObject o) =>
        $"{o["metadata"]?["namespace"]?.GetValue<string>()}/{o["metadata"]?["name"]?.GetValue<string>()}";

    /// <summary>A running pod as the harness knows it.</summary>
    private sealed class Pod(PodInfo info, PodProcess process, PodVolumes volumes, string templateHash, JsonObject container,
        Dictionary<string, int> portsByName)
    {
        public PodInfo Info { get; } = info;

        public PodProcess Process { get; set; } = process;

        public PodVolumes Volumes { get; } = volumes;

        public string TemplateHash { get; } = templateHash;

        public JsonObject Container { get; } = container;

        public Dictionary<string, int> PortsByName { get; } = portsByName;

        public required string Deployment { get; init; }

        public required long Generation { get; set; }

        public required IReadOnlyList<string> Args { get; init; }

        public required IReadOnlyDictionary<string, string> Environment { get; init; }

        public required IReadOnlyList<(string HostPath, string MountPath)> Mounts { get; init; }

        public required string Dll { get; init; }

        public volatile bool Ready;

        public volatile bool Terminating;

        public bool StatusWritten { get; set; }

        public CancellationTokenSource Stopping { get; } = new();

        public Task? Readiness { get; set; }
    }
}

/// <summary>A pod the harness runs: its namespace, name, labels and container port → pod-network (loopback) port.</summary>
internal sealed record PodInfo(string Namespace, string Name, IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<int, int> Ports);
