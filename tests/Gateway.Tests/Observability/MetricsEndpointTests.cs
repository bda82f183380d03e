using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ClusterGateway.Gateway.Tests.Proxy.Egress;
using ClusterGateway.Gateway.Tests.Security;
using ClusterGateway.Gateway.Tests.Support;

namespace ClusterGateway.Gateway.Tests.Observability;

/// <summary><c>/metrics</c>: upstream's proxy metrics, counted exactly for a known sequence; RBAC-protected.</summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private const string ByResource = "ocm_proxy_proxied_resource_requests_by_resource_total";
    private const string ByCluster = "ocm_proxy_proxied_requests_by_cluster_total";
    private const string Duration = "ocm_proxy_proxied_request_duration_seconds";
    private const string InFlight = "cluster_gateway_proxy_requests_in_flight";
    private readonly HubReviews _reviews = new();
    private HubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await HubEnvironment.StartAsync(configureHub: hub =>
    {
        hub.Intercept = _reviews.InterceptAsync;
        hub.Tokens["reader-token"] = "reader";
        hub.Tokens["stranger-token"] = "stranger";
        hub.Authorize = request => request.User.Name != "stranger";
    });

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task Metrics_KnownSequence_CountsEveryRequestExactly()
    {
        using var probe = new ProxyMeterProbe(_env.Gateway);
        using var client = _env.CreateGatewayClient();
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(client, HttpMethod.Get, "cluster-b", "/api/v1/namespaces/default/configmaps", HttpStatusCode.OK);
        }

        await SendAsync(client, HttpMethod.Post, "cluster-b", "/api/v1/namespaces/default/configmaps", HttpStatusCode.Created,
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"m1"}}""");
        await SendAsync(client, HttpMethod.Get, "cluster-b", "/api/v1/namespaces/default/configmaps/missing", HttpStatusCode.NotFound);
        await SendAsync(client, HttpMethod.Get, "cluster-b", "/version", HttpStatusCode.OK);
        await SendAsync(client, HttpMethod.Get, "cluster-a", "/api/v1/namespaces", HttpStatusCode.OK);
        await probe.WaitForAsync(p => p.Completed("cluster-b") == 6 && p.Completed("cluster-a") == 1,
            "the metrics of all seven requests");

        using var response = await client.GetAsync("/metrics");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/plain; version=0.0.4; charset=utf-8");
        var text = await response.Content.ReadAsStringAsync();
        var samples = Parse(text);
        samples[$"{ByResource}{{code=\"200\",resource=\"configmaps\",verb=\"get\"}}"].Should().Be(3);
        samples[$"{ByResource}{{code=\"201\",resource=\"configmaps\",verb=\"create\"}}"].Should().Be(1);
        samples[$"{ByResource}{{code=\"404\",resource=\"configmaps\",verb=\"get\"}}"].Should().Be(1);
        samples[$"{ByResource}{{code=\"200\",resource=\"\",verb=\"get\"}}"].Should().Be(1);
        samples[$"{ByResource}{{code=\"200\",resource=\"namespaces\",verb=\"get\"}}"].Should().Be(1);
        samples.Keys.Count(k => k.StartsWith(ByResource + "{", StringComparison.Ordinal)).Should().Be(5);
        samples[$"{ByCluster}{{cluster=\"cluster-b\",code=\"200\"}}"].Should().Be(4);
        samples[$"{ByCluster}{{cluster=\"cluster-b\",code=\"201\"}}"].Should().Be(1);
        samples[$"{ByCluster}{{cluster=\"cluster-b\",code=\"404\"}}"].Should().Be(1);
        samples[$"{ByCluster}{{cluster=\"cluster-a\",code=\"200\"}}"].Should().Be(1);
        samples[$"{InFlight}{{cluster=\"cluster-b\"}}"].Should().Be(0);
        samples[$"{InFlight}{{cluster=\"cluster-a\"}}"].Should().Be(0);

        const string Lists = "cluster=\"cluster-b\",code=\"200\",resource=\"configmaps\",verb=\"get\"";
        samples[$"{Duration}_count{{{Lists}}}"].Should().Be(3);
        samples[$"{Duration}_sum{{{Lists}}}"].Should().BeGreaterThan(0);
        var buckets = new[] { "0", "0.005", "0.02", "0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10", "30", "+Inf" }
            .Select(le => samples[$"{Duration}_bucket{{{Lists},le=\"{le}\"}}"]).ToList();
        buckets.Should().BeInAscendingOrder().And.HaveElementAt(0, 0).And.HaveElementAt(12, 3);
        text.Should().Contain($"# HELP {Duration} [ALPHA] Cluster proxy request time cost\n# TYPE {Duration} histogram\n")
            .And.Contain($"# TYPE {ByCluster} counter\n").And.Contain($"# TYPE {InFlight} gauge\n");
    }

    [Fact(Timeout = 60_000)]
    public async Task Metrics_NonResourcePathAuthorization_NeedsGetOnMetrics()
    {
        using var reader = Client("reader-token");
        using var stranger = Client("stranger-token");

        using var allowed = await reader.GetAsync("/metrics");
        using var denied = await stranger.GetAsync("/metrics");

        allowed.StatusCode.Should().Be(HttpStatusCode.OK);
        denied.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var spec = _reviews.SubjectAccessReviews.Last()["spec"]!;
        ((string?)spec["nonResourceAttributes"]!["path"]).Should().Be("/metrics");
        ((string?)spec["nonResourceAttributes"]!["verb"]).Should().Be("get");
    }

    private HttpClient Client(string token)
    {
        var client = _env.CreateGatewayClient(withToken: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task SendAsync(HttpClient client, HttpMethod method, string cluster, string path,
        HttpStatusCode expected, string? json = null)
    {
        using var request = new HttpRequestMessage(method, ProxyTraffic.Path(cluster, path));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
    }

    private static Dictionary<string, double> Parse(string text) => text.Split('\n')
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .ToDictionary(line => line[..line.LastIndexOf(' ')],
            line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture));
}
