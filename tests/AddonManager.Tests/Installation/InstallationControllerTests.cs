using ClusterGateway.AddonManager.Certificates;
using ClusterGateway.AddonManager.Installation;
using ClusterGateway.AddonManager.Tests.Desired;
using ClusterGateway.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.AddonManager.Tests.Installation;

/// <summary>The controller wiring: informer changes drive the reconciler until the installation is available.</summary>
public sealed class InstallationControllerTests
{
    private const string InstallNs = "vela-system";

    [Fact(Timeout = 30_000)]
    public async Task RunAsync_ConfigurationCreatedThenReplicaReady_InstallsRegistersAndRepairs()
    {
        await using var hub = await InstallationHarness.StartAsync();
        var controller = new InstallationController(hub.Client,
            new InstallationSettings(InstallationHarness.ManagerNamespace, InstallationHarness.SignerSecret, TlsPolicy.Default),
            TimeProvider.System, NullLoggerFactory.Instance);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => controller.RunAsync(stop.Token));
        var timeout = TestTimeouts.Default;

        hub.PutConfiguration(DesiredFixtures.Direct());
        await hub.Store.WaitForAsync(FakeResource.Deployments, InstallNs, "gateway-deployment", _ => true, timeout);
        hub.SetReadyReplicas(InstallNs, 1);
        await hub.Store.WaitForAsync(FakeResource.ApiServices, null, "v1alpha1.cluster.core.oam.dev", _ => true, timeout);
        await hub.Store.WaitForAsync(InstallationHarness.Configurations, null, "cluster-gateway",
            c => c["status"]?["conditions"]?.AsArray().Any(x =>
                x!["type"]!.GetValue<string>() == "Available" && x["status"]!.GetValue<string>() == "True") == true, timeout);

        // A deleted serving Secret (labelled, so watched) is reissued without waiting for a timed requeue.
        hub.Store.Delete(FakeResource.Secrets, InstallNs, "cluster-gateway-tls-cert");
        await hub.Store.WaitForAsync(FakeResource.Secrets, InstallNs, "cluster-gateway-tls-cert", _ => true, timeout);

        await stop.CancelAsync();
        await run.WaitAsync(TestTimeouts.Short, "the controller to stop");
    }
}
