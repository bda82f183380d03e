using ClusterGateway.E2E.Journey;
using ClusterGateway.TestSupport;
using ClusterGateway.TestSupport.Charts;
using Testcontainers.K3s;

namespace ClusterGateway.E2E.Lanes;

/// <summary>
/// The lanes with a real hub: <c>CLUSTERGATEWAY_E2E_KUBECONFIG</c> (a hub with OCM installed, where the real kubelet and
/// kube-aggregator run the images) and K3s through Testcontainers when a Docker engine answers. Without them the tests
/// skip with the reason, printed once per run in the test output (<see cref="LaneAvailability"/>); the fake-hub lane
/// always runs.
/// </summary>
public sealed class RealClusterLanes(ITestOutputHelper output, LaneAvailability lanes) : IClassFixture<LaneAvailability>
{
    [SkippableFact(Timeout = 300_000)]
    public async Task ExistingHub_ServesClusterGateways()
    {
        Skip.If(lanes.NoKubeconfig is not null, lanes.NoKubeconfig);
        await HubStepsAsync(lanes.Kubeconfig!);
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task K3sHub_ServesTheApiAndCrds()
    {
        Skip.If(lanes.NoDocker is not null, lanes.NoDocker);
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
            // The fake hub's CRD validation (CustomResourceValidationTests) claims this exact refusal; K3s is the referee.
            await steps.StepAsync("K3s refuses an invalid ClusterGatewayConfiguration with the 422 the fake hub gives", async ct =>
            {
                var result = await Kubectl.RunAsync(path, ["apply", "-f", "-"], InvalidConfiguration.Yaml, TestTimeouts.Default, ct);
                result.Succeeded.Should().BeFalse(result.ToString());
                result.StdErr.Should().Contain(InvalidConfiguration.FieldError);
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task HubStepsAsync(string kubeconfig)
    {
        var steps = new StepRunner(output, new Processes.ProcessLog());
        await HubChecks.RunAsync(steps, kubeconfig);
        steps.Complete();
    }
}
