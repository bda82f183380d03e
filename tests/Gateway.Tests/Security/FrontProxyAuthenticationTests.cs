using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using static ClusterGateway.Gateway.Tests.Security.SecurityFixtures;

namespace ClusterGateway.Gateway.Tests.Security;

/// <summary>
/// The gateway behind an aggregator: front-proxy certificates and X-Remote-* headers, client certificates, with the
/// request-header and client CAs from the hub's extension-apiserver-authentication ConfigMap, and SubjectAccessReviews
/// on the hub (policy: alice may list and get clustergateways, nothing else; mallory nothing; everyone else all).
/// </summary>
public sealed class FrontProxyAuthenticationTests : IAsyncLifetime
{
    private readonly TestCertificateAuthority _frontProxyCa = TestCertificateAuthority.Create("front-proxy-ca");
    private readonly TestCertificateAuthority _clientCa = TestCertificateAuthority.Create("client-ca");
    private readonly TestCertificateAuthority _otherCa = TestCertificateAuthority.Create("other-ca");
    private readonly HubReviews _reviews = new();
    private HubEnvironment _env = null!;
    private X509Certificate2 _frontProxy = null!;

    public async Task InitializeAsync()
    {
        _frontProxy = _frontProxyCa.IssueClientCertificate(FrontProxyName);
        _env = await HubEnvironment.StartAsync(
            env => [.. env.DefaultSecrets(), AuthenticationConfigMap(_frontProxyCa, _clientCa)],
            hub =>
            {
                hub.Intercept = _reviews.InterceptAsync;
                hub.Authorize = Policy;
            });
    }

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        _frontProxy.Dispose();
        _frontProxyCa.Dispose();
        _clientCa.Dispose();
        _otherCa.Dispose();
    }

    [Fact(Timeout = 60_000)]
    public async Task FrontProxy_AllowedCertificateWithHeaders_IsTheAssertedUser()
    {
        using var client = _env.CreateGatewayClient(withToken: false, clientCertificate: _frontProxy);
        using var request = AsUser(Gateways, "alice", "dev");
        request.Headers.Add("X-Remote-Uid", "uid-1");
        request.Headers.Add("X-Remote-Extra-Scopes", "s1");
        request.Headers.Add("X-Remote-Extra-Acme.com%2Fteam", "blue");

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var spec = _reviews.SubjectAccessReviews.Should().ContainSingle().Subject["spec"]!;
        ((string?)spec["user"]).Should().Be("alice");
        ((string?)spec["uid"]).Should().Be("uid-1");
        spec["groups"]!.AsArray().Select(g => (string?)g).Should().Equal("dev", "system:authenticated");
        JsonNode.DeepEquals(spec["extra"], JsonNode.Parse("""{"acme.com/team":["blue"],"scopes":["s1"]}""")).Should()
            .BeTrue(spec["extra"]!.ToJsonString());
        JsonNode.DeepEquals(spec["resourceAttributes"], JsonNode.Parse(
            """{"verb":"list","group":"cluster.core.oam.dev","version":"v1alpha1","resource":"clustergateways"}"""))
            .Should().BeTrue(spec["resourceAttributes"]!.ToJsonString());
    }

    [Fact(Timeout = 60_000)]
    public async Task FrontProxy_CertificateFromAnotherCa_Returns401()
    {
        using var impostor = _otherCa.IssueClientCertificate(FrontProxyName);
        using var client = _env.CreateGatewayClient(withToken: false, clientCertificate: impostor);

        using var response = await client.SendAsync(AsUser(Gateways, "alice", "system:masters"));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        ((string?)(await StatusOf(response))["reason"]).Should().Be("Unauthorized");
        _reviews.SubjectAccessReviews.Should().BeEmpty();
    }

    [Fact(Timeout = 60_000)]
    public async Task FrontProxy_DisallowedCommonName_Returns401()
    {
        using var intruder = _frontProxyCa.IssueClientCertificate("intruder");
        using var client = _env.CreateGatewayClient(withToken: false, clientCertificate: intruder);

        using var response = await client.SendAsync(AsUser(Gateways, "alice", "system:masters"));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await _env.Logs.WaitForAsync(l => l.Contains("cn=intruder is not in the allowed list", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Short, "the authentication failure log");
    }

    [Fact(Timeout = 60_000)]
    public async Task FrontProxy_AggregatorInSystemMasters_NoSubjectAccessReview()
    {
        using var client = _env.CreateGatewayClient(withToken: false, clientCertificate: _frontProxy);

        using var response = await client.SendAsync(AsUser("/apis/cluster.core.oam.dev/v1alpha1",
            "system:kube-aggregator", "system:masters"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        CountRequests(_env.Hub, HubReviews.SubjectAccessReviewPath).Should().Be(0);
    }

    [Fact(Timeout = 60_000)]
    public async Task ClientCertificate_FromClientCa_IsCommonNameWithOrganizations()
    {
        using var carol = _clientCa.IssueClientCertificate("carol", "team-a");
        using var client = _env.CreateGatewayClient(withToken: false, clientCertificate: carol);

        using var response = await client.GetAsync(Gateways + "/cluster-a");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var spec = _reviews.SubjectAccessReviews.Should().ContainSingle().Subject["spec"]!;
        ((string?)spec["user"]).Should().Be("carol");
        spec["groups"]!.AsArray().Select(g => (string?)g).Should().Equal("team-a", "system:authenticated");
        ((string?)spec["resourceAttributes"]!["name"]).Should().Be("cluster-a");
        ((string?)spec["resourceAttributes"]!["verb"]).Should().Be("get");
    }

    [Fact(Timeout = 60_000)]
    public async Task Authorization_DeniedProxy_Returns403WithKubeMessage()
    {
        using var client = _env.CreateGatewayClient(withToken: false, clientCertificate: _frontProxy);

        using var response = await client.SendAsync(AsUser(Gateways + "/cluster-a/proxy/api/v1/namespaces", "alice"));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var status = await StatusOf(response);
        ((string?)status["reason"]).Should().Be("Forbidden");
        ((string?)status["message"]).Should().Be(
            "clustergateways.cluster.core.oam.dev \"cluster-a\" is forbidden: User \"alice\" cannot get resource " +
            "\"clustergateways/proxy\" in API group \"cluster.core.oam.dev\" at the cluster scope: " + PolicyReason);
        ((string?)status["details"]!["name"]).Should().Be("cluster-a");
        _env.ClusterA.Requests.Snapshot().Should().BeEmpty("a denied request is never proxied");
    }

    [Fact(Timeout = 60_000)]
    public async Task Authorization_DeniedListAndPath_Returns403WithKubeMessages()
    {
        using var client = _env.CreateGatewayClient(withToken: false, clientCertificate: _frontProxy);

        using var list = await client.SendAsync(AsUser(Gateways, "mallory"));
        using var path = await client.SendAsync(AsUser("/apis", "mallory"));

        list.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        ((string?)(await StatusOf(list))["message"]).Should().Be(
            "clustergateways.cluster.core.oam.dev is forbidden: User \"mallory\" cannot list resource " +
            "\"clustergateways\" in API group \"cluster.core.oam.dev\" at the cluster scope: " + PolicyReason);
        path.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        ((string?)(await StatusOf(path))["message"]).Should().Be(
            "forbidden: User \"mallory\" cannot get path \"/apis\": " + PolicyReason);
    }

    [Fact(Timeout = 60_000)]
    public async Task Authorization_RepeatedDecisions_CachedOneReviewEach()
    {
        using var client = _env.CreateGatewayClient(withToken: false, clientCertificate: _frontProxy);

        for (var i = 0; i < 5; i++)
        {
            using var allowed = await client.SendAsync(AsUser(Gateways, "alice"));
            allowed.StatusCode.Should().Be(HttpStatusCode.OK);
            using var denied = await client.SendAsync(AsUser(Gateways, "mallory"));
            denied.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        CountRequests(_env.Hub, HubReviews.SubjectAccessReviewPath).Should().Be(2);
    }

    [Fact(Timeout = 60_000)]
    public async Task ConfigMap_RequestHeaderCaRotated_AppliesWithoutRestart()
    {
        using var rotatedCa = TestCertificateAuthority.Create("front-proxy-ca-2");
        using var rotated = rotatedCa.IssueClientCertificate(FrontProxyName);
        using var oldClient = _env.CreateGatewayClient(withToken: false, clientCertificate: _frontProxy);
        using var newClient = _env.CreateGatewayClient(withToken: false, clientCertificate: rotated);
        (await newClient.SendAsync(AsUser(Gateways, "alice"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var stored = _env.Hub.Store.Put(AuthenticationConfigMap(rotatedCa, _clientCa));
        var version = (string)stored["metadata"]!["resourceVersion"]!;
        await _env.Logs.WaitForAsync(l => l.Contains($"at resourceVersion {version}:", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Default, "the gateway to apply the rotated ConfigMap");

        (await newClient.SendAsync(AsUser(Gateways, "alice"))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await oldClient.SendAsync(AsUser(Gateways, "alice"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static bool Policy(FakeAuthorizationRequest request) => request.User.Name switch
    {
        "alice" => request.IsResourceRequest && request.Resource == "clustergateways" && request.Subresource is null &&
                   request.Verb is "get" or "list",
        "mallory" => false,
        _ => true,
    };
}
