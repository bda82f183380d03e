using System.Net.Sockets;
using ClusterGateway.E2E.Journey;
using ClusterGateway.TestSupport;
using Testcontainers.K3s;

namespace ClusterGateway.E2E.Lanes;

/// <summary>
/// The lanes with a real hub: <c>CLUSTERGATEWAY_E2E_KUBECONFIG</c> (a hub with OCM installed, where the real kubelet and
/// kube-aggregator run the images) and K3s through Testcontainers when a Docker engine answers. Without them the tests
/// skip with the reason, printed once; the fake-hub lane always runs.
/// </summary>
public sealed class RealClusterLanes(ITestOutputHelper output)
{
    private const string KubeconfigVariable = "CLUSTERGATEWAY_E2E_KUBECONFIG";
    private static readonly Lazy<string?> NoDocker = new(DockerUnavailableReason);
    private static int _printed;

    [SkippableFact(Timeout = 300_000)]
    public async Task ExistingHub_ServesClusterGateways()
    {
        var kubeconfig = Environment.GetEnvironmentVariable(KubeconfigVariable);
        SkipOnce(string.IsNullOrEmpty(kubeconfig), $"{KubeconfigVariable} is not set (a hub with OCM and the chart installed)");
        await HubStepsAsync(kubeconfig!);
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task K3sHub_ServesTheApiAndCrds()
    {
        SkipOnce(NoDocker.Value is not null, NoDocker.Value ?? "");
        await using var k3s = new K3sBuilder("rancher/k3s:v1.33.4-k3s1").Build();
        await k3s.StartAsync();
        var path = Path.Combine(Path.GetTempPath(), $"k3s-{Guid.NewGuid():N}.kubeconfig");
        await File.WriteAllTextAsync(path, await k3s.GetKubeconfigAsync());
        try
        {
            var steps = new StepRunner(output, new Processes.ProcessLog());
            await steps.StepAsync("kubectl apply the chart's CRD to K3s", async ct =>
                await Kube.OkAsync(path, ct, "apply", "--server-side", "-f",
                    RepositoryPaths.Combine("charts", "addon-manager", "crds", "proxy.open-cluster-management.io_clustergatewayconfigurations.yaml")));
            await steps.StepAsync("kubectl get clustergatewayconfigurations on K3s", async ct =>
                await Kube.OkAsync(path, ct, "get", "clustergatewayconfigurations"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task HubStepsAsync(string kubeconfig)
    {
        var steps = new StepRunner(output, new Processes.ProcessLog());
        await steps.StepAsync("the hub serves cluster.core.oam.dev/v1alpha1 (APIService Available)", async ct =>
            (await Kube.OkAsync(kubeconfig, ct, "get", "apiservice", Names.ApiService,
                "-o", "jsonpath={.status.conditions[?(@.type==\"Available\")].status}")).Should().Be("True"));
        await steps.StepAsync("kubectl get clustergateways through the hub", async ct =>
            await Kube.OkAsync(kubeconfig, ct, "get", "clustergateways"));
        await steps.StepAsync("kubectl get managedclusteraddons shows the printer columns of the OCM CRD", async ct =>
            (await Kube.OkAsync(kubeconfig, ct, "get", "managedclusteraddons", "-A")).Should().Contain("AVAILABLE"));
    }

    private void SkipOnce(bool skip, string reason)
    {
        if (skip && Interlocked.Increment(ref _printed) <= 2)
        {
            output.WriteLine("skipped: " + reason);
            Console.WriteLine("ClusterGateway.E2E: lane skipped: " + reason);
        }

        Skip.If(skip, reason);
    }

    private static string? DockerUnavailableReason()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var socket = host is { Length: > 0 } && host.StartsWith("unix://", StringComparison.Ordinal) ? host["unix://".Length..] : "/var/run/docker.sock";
        if (host is { Length: > 0 } && !host.StartsWith("unix://", StringComparison.Ordinal))
        {
            return null;
        }

        if (!File.Exists(socket))
        {
            return $"no Docker engine ({socket} does not exist; set DOCKER_HOST)";
        }

        try
        {
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            probe.Connect(new UnixDomainSocketEndPoint(socket));
            return null;
        }
        catch (SocketException e)
        {
            return $"no Docker engine answering on {socket}: {e.Message}";
        }
    }
}
