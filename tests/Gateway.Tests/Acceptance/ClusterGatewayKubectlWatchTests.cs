using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Acceptance;

/// <summary>Issue 3 acceptance: <c>kubectl get clustergateways -w</c> follows the hub Secrets.</summary>
public sealed class ClusterGatewayKubectlWatchTests : IAsyncLifetime
{
    private const string Path = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways";

    private HubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await HubEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 90_000)]
    public async Task GetWatch_SecretAddedThenDeleted_PrintsAddedAndDeletedRows()
    {
        await using var kubectl = Kubectl.Start(_env.Kubeconfig, ["get", "clustergateways", "-w", "--output-watch-events"]);
        await kubectl.WaitForLineAsync(l => l.Contains("cluster-b", StringComparison.Ordinal), TestTimeouts.Default);

        _env.Hub.Store.Put(_env.TokenSecret("cluster-c", HubEnvironment.ClusterBToken));
        var added = await kubectl.WaitForLineAsync(l => l.Contains("cluster-c", StringComparison.Ordinal), TestTimeouts.Default);
        _env.Hub.Store.Delete(FakeResource.Secrets, HubEnvironment.SecretNamespace, "cluster-a");
        var deleted = await kubectl.WaitForLineAsync(
            l => l.Contains("cluster-a", StringComparison.Ordinal) && l.Contains("DELETED", StringComparison.Ordinal),
            TestTimeouts.Default);

        Columns(kubectl.Lines[0]).Should().Equal("EVENT", "NAME", "PROVIDER", "CREDENTIAL-TYPE", "ENDPOINT-TYPE", "HEALTHY");
        Columns(added).Should().Equal("ADDED", "cluster-c", "ServiceAccountToken", "Const", "false");
        Columns(deleted).Should().Equal("DELETED", "cluster-a", "X509Certificate", "Const", "false");
        kubectl.Lines.Should().NotContain(l => l.Contains("broken", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task RawWatch_FromListResourceVersion_EventsCarryTheHubSecretResourceVersions()
    {
        using var client = _env.CreateGatewayClient();
        var list = JsonNode.Parse(await client.GetStringAsync(Path))!;
        var listed = (string)list["metadata"]!["resourceVersion"]!;
        ((string?)list["items"]![0]!["metadata"]!["resourceVersion"]).Should().Be(SecretVersion("cluster-a"));

        _env.Hub.Store.Put(_env.TokenSecret("cluster-c", HubEnvironment.ClusterBToken));
        var added = SecretVersion("cluster-c");
        using var response = await client.GetAsync($"{Path}?watch=true&resourceVersion={listed}",
            HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = JsonNode.Parse((await reader.ReadLineAsync().WaitAsync(TestTimeouts.Default))!)!;
        _env.Hub.Store.Delete(FakeResource.Secrets, HubEnvironment.SecretNamespace, "cluster-b");
        var second = JsonNode.Parse((await reader.ReadLineAsync().WaitAsync(TestTimeouts.Default))!)!;

        ((string?)first["type"]).Should().Be("ADDED");
        ((string?)first["object"]!["metadata"]!["resourceVersion"]).Should().Be(added);
        ((string?)second["type"]).Should().Be("DELETED");
        ((string?)second["object"]!["metadata"]!["name"]).Should().Be("cluster-b");
        ((string?)second["object"]!["metadata"]!["resourceVersion"]).Should()
            .Be(_env.Hub.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private string? SecretVersion(string name) =>
        (string?)_env.Hub.Store.Get(FakeResource.Secrets, HubEnvironment.SecretNamespace, name)!["metadata"]!["resourceVersion"];

    private static string[] Columns(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
