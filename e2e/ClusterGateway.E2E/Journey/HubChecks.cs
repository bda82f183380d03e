using System.Text.Json;
using k8s;

namespace ClusterGateway.E2E.Journey;

/// <summary>
/// The journey's checks that need nothing but a hub kubeconfig with the gateway installed: the fake-hub journey runs
/// them once its clusters are listed, and the existing-hub lane runs them against a real hub (where the real
/// kubelet and kube-aggregator run the images), so both lanes run the same scenario code.
/// </summary>
internal static class HubChecks
{
    private const string ClusterGateways = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways";

    /// <summary>Runs the checks as <paramref name="steps"/> checks (each one recorded separately).</summary>
    /// <param name="steps">The journey's step runner.</param>
    /// <param name="kubeconfig">A kubeconfig of the hub whose user may list and proxy to ClusterGateways.</param>
    public static async Task RunAsync(StepRunner steps, string kubeconfig)
    {
        await steps.CheckAsync("hub: the APIService of cluster.core.oam.dev/v1alpha1 is Available", async ct =>
            (await Kube.OkAsync(kubeconfig, ct, "get", "apiservice", Names.ApiService,
                "-o", "jsonpath={.status.conditions[?(@.type==\"Available\")].status}")).Should().Be("True"));

        var listed = new List<string>();
        await steps.CheckAsync("hub: kubectl get clustergateways and the official C# client list the same clusters", async ct =>
        {
            listed.AddRange((await Kube.OkAsync(kubeconfig, ct, "get", "clustergateways", "-o", "jsonpath={.items[*].metadata.name}"))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries));
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            var list = (JsonElement)await client.CustomObjects.ListClusterCustomObjectAsync(Names.Group, "v1alpha1", "clustergateways",
                cancellationToken: ct);
            list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString())
                .Should().BeEquivalentTo(listed, "kubectl and KubernetesClient read the same list");
        });

        await steps.CheckAsync("hub: kubectl get --raw …/clustergateways/<first listed>/proxy/api/v1/namespaces", async ct =>
        {
            listed.Should().NotBeEmpty("a cluster must be listed to proxy to");
            var namespaces = await Kube.OkAsync(kubeconfig, ct, "get", "--raw", $"{ClusterGateways}/{listed[0]}/proxy/api/v1/namespaces");
            JsonDocument.Parse(namespaces).RootElement.GetProperty("kind").GetString().Should().Be("NamespaceList");
        });

        await steps.CheckAsync("hub: kubectl get managedclusteraddons shows the OCM CRD's printer columns", async ct =>
            (await Kube.OkAsync(kubeconfig, ct, "get", "managedclusteraddons", "-A")).Should().Contain("AVAILABLE"));
    }
}
