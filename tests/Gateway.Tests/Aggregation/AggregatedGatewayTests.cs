using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using ClusterGateway.TestSupport.Aggregation;
using static ClusterGateway.Gateway.Tests.Aggregation.AggregatorFixtures;

namespace ClusterGateway.Gateway.Tests.Aggregation;

/// <summary>
/// The real gateway behind the fake hub's kube-aggregator, as in a cluster: its serving certificate is for
/// <c>cluster-gateway.cluster-gateway.svc</c> and verified against the APIService's caBundle, and it trusts the
/// front-proxy CA from the <c>extension-apiserver-authentication</c> ConfigMap the hub publishes. Real kubectl talks
/// to the hub only.
/// </summary>
public sealed class AggregatedGatewayTests : IAsyncLifetime
{
    private const string UserToken = "alice-token";
    private const string ApiServiceName = "v1alpha1.cluster.core.oam.dev";
    private const string ServiceNamespace = "cluster-gateway";
    private const string ServiceName = "cluster-gateway";

    private readonly TestCertificateAuthority _servingCa = TestCertificateAuthority.Create("gateway-serving-ca");
    private readonly ConcurrentQueue<FakeAuthorizationRequest> _reviews = new();
    private HubEnvironment _env = null!;
    private KubeAggregator _aggregator = null!;
    private string _hubKubeconfig = null!;

    public async Task InitializeAsync()
    {
        var certificates = Path.Combine(Path.GetTempPath(), "cg-agg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(certificates);
        using (var serving = _servingCa.IssueServerCertificate($"{ServiceName}.{ServiceNamespace}.svc"))
        {
            var (certificate, key) = TestCertificateAuthority.ExportPem(serving);
            await File.WriteAllTextAsync(Path.Combine(certificates, "tls.crt"), certificate);
            await File.WriteAllTextAsync(Path.Combine(certificates, "tls.key"), key);
        }

        Uri? gateway = null;
        _env = await HubEnvironment.StartAsync(
            env =>
            {
                // Before the gateway starts, so it finds the ConfigMap at once (it would also pick it up later).
                _aggregator = env.Hub.EnableApiServiceAggregation(
                    (ns, service, port) => ns == ServiceNamespace && service == ServiceName && port == 443 ? gateway : null,
                    TimeSpan.FromMilliseconds(200));
                return env.DefaultSecrets();
            },
            hub =>
            {
                hub.Tokens[UserToken] = "alice";
                hub.Authorize = request =>
                {
                    // A SubjectAccessReview (no path) is the gateway asking about its caller.
                    if (request.Path.Length == 0)
                    {
                        _reviews.Enqueue(request);
                    }

                    return true;
                };
            },
            options => options with
            {
                TlsCertFile = Path.Combine(certificates, "tls.crt"),
                TlsPrivateKeyFile = Path.Combine(certificates, "tls.key"),
            });
        gateway = _env.Gateway.Url;
        _env.Hub.Store.Put(Service(ServiceNamespace, ServiceName));
        _env.Hub.Store.Put(ApiService(ApiServiceName, "cluster.core.oam.dev", "v1alpha1", ServiceNamespace, ServiceName,
            _servingCa.CertificatePem));
        await _aggregator.WaitForAvailableAsync(ApiServiceName, "True", TestTimeouts.Default);
        _hubKubeconfig = _env.Hub.WriteKubeconfig(_env.Directory, token: UserToken);
    }

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        _servingCa.Dispose();
    }

    [Fact(Timeout = 90_000)]
    public async Task Kubectl_ThroughTheHub_ReachesTheGatewayAsTheCallerViaFrontProxy()
    {
        var raw = await Kubectl.RunAsync(_hubKubeconfig, ["get", "--raw", "/apis/cluster.core.oam.dev/v1alpha1"],
            timeout: TestTimeouts.Default);
        var list = await Kubectl.RunAsync(_hubKubeconfig, ["get", "clustergateways", "-o", "name"],
            timeout: TestTimeouts.Default);

        raw.ExitCode.Should().Be(0, raw.StdErr);
        JsonNode.Parse(raw.StdOut)!["resources"]!.AsArray().Should().Contain(r => (string?)r!["name"] == "clustergateways");
        list.ExitCode.Should().Be(0, list.StdErr);
        list.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should()
            .Contain(["clustergateway.cluster.core.oam.dev/cluster-a", "clustergateway.cluster.core.oam.dev/cluster-b"]);
        _reviews.Should().Contain(r => r.User.Name == "alice" && r.Resource == "clustergateways" && r.Verb == "list",
            "the gateway authenticated the X-Remote-User the aggregator sent");
        _aggregator.Forwards.Should().NotBeEmpty().And.OnlyContain(f => !f.Failed);
        _env.Gateway.Url.Should().NotBeNull();
    }

    [Theory(Timeout = 90_000)]
    [InlineData("true")]
    [InlineData("false")]
    public async Task KubectlExec_ThroughTheHub_UpgradesAcrossAggregatorAndGateway(string webSockets)
    {
        _env.ClusterB.Store.Put(FakePods.Running("cat"));
        var server = $"{_env.Hub.Url.GetLeftPart(UriPartial.Authority)}" +
            "/apis/cluster.core.oam.dev/v1alpha1/clustergateways/cluster-b/proxy";

        var result = await Kubectl.Default.WithEnvironment("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", webSockets)
            .RunAsync(_hubKubeconfig, ["--server", server, "exec", "-i", "cat", "--", "cat"], "through the hub\n",
                TestTimeouts.Default);

        result.ExitCode.Should().Be(0, result.StdErr);
        result.StdOut.Should().Be("through the hub\n");
        (await _aggregator.WaitForForwardAsync(f => f.Upgrade, TestTimeouts.Default)).StatusCode.Should().Be(101);
        _aggregator.Forwards.Should().ContainSingle(f => f.Upgrade);
        var upgrade = _env.ClusterB.Requests.Snapshot().Single(r => r.Path.EndsWith("/pods/cat/exec", StringComparison.Ordinal));
        upgrade.Header("Upgrade").Should().Be(webSockets == "true" ? "websocket" : "SPDY/3.1");
    }
}
