using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.AddonManager.Tests.Chart;

/// <summary>
/// The ClusterGatewayConfiguration the chart renders is accepted by a hub serving the chart's CRD, and stored whole:
/// no field it sets is unknown to the CRD (kube-apiserver would prune such a field without an error).
/// </summary>
[Collection(HelmCollection.Name)]
public sealed class ChartConfigurationAdmissionTests(HelmFixture helm)
{
    public static TheoryData<string> Variants => new() { "defaults", "cluster-proxy-manual" };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Variants))]
    public async Task Rendered_configuration_is_created_unchanged_on_a_validating_hub(string variant)
    {
        string[] values = variant == "defaults" ? [] : ChartTemplateTests.ClusterProxyManualValues;
        var rendered = (await helm.RenderAsync(values)).Single(o => o["kind"]!.GetValue<string>() == "ClusterGatewayConfiguration");
        await using var server = await FakeApiServer.StartAsync(new FakeApiServerOptions { AllowAnonymous = true });
        server.Store.ApplyYaml(await File.ReadAllTextAsync(Path.Combine(helm.ChartDirectory, "crds",
            "proxy.open-cluster-management.io_clustergatewayconfigurations.yaml")));
        using var client = server.CreateClient();

        using var response = await client.PostAsync(
            "/apis/proxy.open-cluster-management.io/v1alpha1/clustergatewayconfigurations",
            new StringContent(rendered.ToJsonString(), Encoding.UTF8, "application/json")).WaitAsync(TestTimeouts.Short);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        response.StatusCode.Should().Be(HttpStatusCode.Created, body.ToJsonString());
        JsonNode.DeepEquals(body["spec"], rendered["spec"]).Should().BeTrue(
            $"stored {body["spec"]!.ToJsonString()} vs rendered {rendered["spec"]!.ToJsonString()}");
        JsonNode.DeepEquals(body["metadata"]!["labels"], rendered["metadata"]!["labels"]).Should().BeTrue();
    }
}
