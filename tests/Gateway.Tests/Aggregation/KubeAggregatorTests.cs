using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Security;
using ClusterGateway.TestSupport;
using ClusterGateway.TestSupport.Aggregation;
using static ClusterGateway.Gateway.Tests.Aggregation.AggregatorFixtures;

namespace ClusterGateway.Gateway.Tests.Aggregation;

/// <summary>
/// The fake hub's kube-aggregator against a small recording backend over real HTTPS: what the backend sees (front-proxy
/// certificate, X-Remote-* headers, never the caller's credentials), caBundle verification and rotation, availability
/// reasons, streaming, WebSocket upgrades and discovery.
/// </summary>
public sealed class KubeAggregatorTests : IAsyncLifetime
{
    private const string AliceToken = "alice-token";
    private const string Name = $"{RecordingBackend.Version}.{RecordingBackend.Group}";
    private const string Things = $"apis/{RecordingBackend.Group}/{RecordingBackend.Version}/things";

    private readonly ConcurrentQueue<ApiServiceAvailability> _changes = new();
    private FakeApiServer _hub = null!;
    private RecordingBackend _backend = null!;
    private KubeAggregator _aggregator = null!;
    private volatile bool _endpointReady = true;
    private volatile Uri? _endpoint;

    public async Task InitializeAsync()
    {
        _backend = await RecordingBackend.StartAsync();
        _hub = await FakeApiServer.StartAsync(new FakeApiServerOptions { Name = "hub", Tokens = { [AliceToken] = "alice" } });
        _aggregator = _hub.EnableApiServiceAggregation(
            (ns, service, port) => ns == RecordingBackend.ServiceNamespace && service == RecordingBackend.ServiceName &&
                port == 443 && _endpointReady ? _endpoint ?? _backend.Url : null,
            TimeSpan.FromMilliseconds(200));
        _aggregator.AvailabilityChanged += _changes.Enqueue;
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_ImpersonatingCaller_BackendSeesFrontProxyCertificateAndRemoteHeadersOnly()
    {
        await RegisterAsync(_backend.Ca.CertificatePem);
        using var client = _hub.CreateClient(AliceToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, Things + "?b=2&a=1")
        {
            Content = new StringContent("""{"kind":"Thing"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Impersonate-User", "bob");
        request.Headers.Add("Impersonate-Group", "dev");
        request.Headers.Add("Impersonate-Extra-Acme.com%2Fteam", "blue");
        request.Headers.Add("X-Remote-User", "mallory");
        request.Headers.Add("X-Remote-Extra-Forged", "yes");

        using var response = await client.SendAsync(request).WaitAsync(TestTimeouts.Short, "the proxied POST");

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"kind":"Thing"}""");
        var seen = _backend.Seen.Single(r => r.Method == "POST");
        seen.PathAndQuery.Should().Be($"/{Things}?a=1&b=2", "the aggregator re-encodes the query with sorted keys");
        seen.Body.Should().Be("""{"kind":"Thing"}""");
        seen.Values("X-Remote-User").Should().Equal("bob");
        seen.Values("X-Remote-Group").Should().Equal(["dev", "system:authenticated"], "one header line per group");
        seen.Values("X-Remote-Extra-Acme.com%2fteam").Should().Equal("blue");
        seen.Headers.Keys.Should().NotContain(k => k.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase));
        seen.Headers.Keys.Should().NotContain("Authorization").And.NotContain("X-Remote-Extra-Forged");
        seen.ClientCertificate.Should().NotBeNull();
        seen.ClientCertificate!.GetNameInfo(X509NameType.SimpleName, false).Should().Be(_aggregator.FrontProxyClientName);
        _aggregator.FrontProxyCa.Verifies(seen.ClientCertificate).Should().BeTrue();
        _hub.Ca.Verifies(seen.ClientCertificate).Should().BeFalse("the front-proxy CA is not the hub's client CA");
        await _aggregator.WaitForForwardAsync(_ => true, TestTimeouts.Short);
        _aggregator.Forwards.Should().ContainSingle().Which.Should().Match<AggregatorForward>(
            f => f.User == "bob" && f.StatusCode == 201 && !f.Failed && f.Backend == _backend.Url);
        // The availability check identifies itself as the aggregator, with the same certificate.
        var check = _backend.Seen.First(r => r.PathAndQuery == $"/apis/{RecordingBackend.Group}/{RecordingBackend.Version}");
        check.Values("X-Remote-User").Should().Equal("system:kube-aggregator");
        check.Values("X-Remote-Group").Should().Equal("system:masters");
    }

    [Fact(Timeout = 30_000)]
    public async Task Enable_PublishesTheAuthenticationConfigMapTheGatewayReads()
    {
        using var client = _hub.CreateClient(AliceToken);
        var configMap = JsonNode.Parse(await client.GetStringAsync(
            "api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication"))!;
        var data = configMap["data"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);

        data["requestheader-allowed-names"].Should().Be("""["front-proxy-client"]""");
        data["requestheader-username-headers"].Should().Be("""["X-Remote-User"]""");
        data["requestheader-group-headers"].Should().Be("""["X-Remote-Group"]""");
        data["requestheader-extra-headers-prefix"].Should().Be("""["X-Remote-Extra-"]""");
        data["requestheader-uid-headers"].Should().Be("[]");
        var requestHeader = AuthenticationConfigLoader.RequestHeaderFromConfigMap(data)!;
        requestHeader.AllowedNames.Should().Equal("front-proxy-client");
        requestHeader.CertificateAuthorities.Should().ContainSingle().Which.Thumbprint.Should()
            .Be(_aggregator.FrontProxyCa.Certificate.Thumbprint);
        AuthenticationConfigLoader.ClientCaFromConfigMap(data)!.Should().ContainSingle().Which.Thumbprint.Should()
            .Be(_hub.Ca.Certificate.Thumbprint);
    }

    [Fact(Timeout = 60_000)]
    public async Task Availability_ServiceThenPortThenEndpoint_ReasonsLikeTheAvailableController()
    {
        _endpointReady = false;
        _hub.Store.Put(ApiService(Name, RecordingBackend.Group, RecordingBackend.Version, RecordingBackend.ServiceNamespace,
            RecordingBackend.ServiceName, _backend.Ca.CertificatePem));
        await WaitForReasonAsync("ServiceNotFound", $"service/api in \"demo\" is not present");
        using var client = _hub.CreateClient(AliceToken);
        using (var refused = await client.GetAsync(Things))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await refused.Content.ReadAsStringAsync()).Should().Be("service unavailable\n");
            refused.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        }

        _hub.Store.Put(Service(RecordingBackend.ServiceNamespace, RecordingBackend.ServiceName, port: 8443));
        await WaitForReasonAsync("ServicePortError", "service/api in \"demo\" is not listening on port 443");
        _hub.Store.Put(Service(RecordingBackend.ServiceNamespace, RecordingBackend.ServiceName));
        await WaitForReasonAsync("EndpointsNotFound", "cannot find endpointslices for service/api in \"demo\"");
        _endpointReady = true;
        _aggregator.Recheck();
        await WaitForReasonAsync("Passed", "all checks passed");

        using var response = await client.GetAsync(Things);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _changes.Select(c => c.Reason).Should().Equal("ServiceNotFound", "ServicePortError", "EndpointsNotFound", "Passed");
        _aggregator.Forwards.Select(f => f.Failed).Should().Equal(true, false);
    }

    [Fact(Timeout = 60_000)]
    public async Task CaBundle_WrongCa_503UntilTheBundleAlsoHoldsTheServingCa()
    {
        using var otherCa = TestCertificateAuthority.Create("other-ca");
        await RegisterAsync(otherCa.CertificatePem);
        using var client = _hub.CreateClient(AliceToken);

        using (var refused = await client.GetAsync(Things))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await refused.Content.ReadAsStringAsync()).Should().Be("error trying to reach service: tls: failed to " +
                "verify certificate: x509: certificate signed by unknown authority\n");
        }

        // The available controller's discovery check skips TLS verification, as the real one does.
        Available(_hub.Store.Get(FakeResource.ApiServices, null, Name)!).Status.Should().Be("True");
        _backend.Seen.Should().NotContain(r => r.PathAndQuery.EndsWith("/things", StringComparison.Ordinal));

        // Rotation: both CAs in the bundle; the next request (a new connection) verifies.
        var apiService = _hub.Store.Get(FakeResource.ApiServices, null, Name)!;
        apiService["spec"]!["caBundle"] = Convert.ToBase64String(
            Encoding.UTF8.GetBytes(otherCa.CertificatePem + "\n" + _backend.Ca.CertificatePem + "\n"));
        _hub.Store.Put(apiService);
        using var response = await client.GetAsync(Things);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        _aggregator.FailureCount.Should().Be(1);
        _aggregator.ForwardCount.Should().Be(2);
    }

    [Fact(Timeout = 60_000)]
    public async Task CaBundle_ServingCertificateForAnotherName_503NamesTheMismatch()
    {
        await using var misnamed = await RecordingBackend.StartAsync("other.demo.svc");
        _endpoint = misnamed.Url;
        await RegisterAsync(misnamed.Ca.CertificatePem);
        using var client = _hub.CreateClient(AliceToken);

        using var refused = await client.GetAsync(Things);

        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await refused.Content.ReadAsStringAsync()).Should().StartWith(
            "error trying to reach service: tls: failed to verify certificate: x509: certificate is valid for ")
            .And.EndWith(", not api.demo.svc\n");
    }

    [Fact(Timeout = 60_000)]
    public async Task Backend_Gone_503ErrorTryingToReachServiceThenUnavailable()
    {
        // Checks only on changes and Recheck(): the request below must reach the proxy while still Available.
        await using var hub = await FakeApiServer.StartAsync(new FakeApiServerOptions { Tokens = { [AliceToken] = "alice" } });
        Uri endpoint = _backend.Url;
        hub.Store.Put(Service(RecordingBackend.ServiceNamespace, RecordingBackend.ServiceName));
        hub.Store.Put(ApiService(Name, RecordingBackend.Group, RecordingBackend.Version, RecordingBackend.ServiceNamespace,
            RecordingBackend.ServiceName, _backend.Ca.CertificatePem));
        // Objects first: the start's single check is the only one until Recheck().
        var aggregator = hub.EnableApiServiceAggregation((_, _, _) => endpoint, TimeSpan.FromHours(1));
        await aggregator.WaitForAvailableAsync(Name, "True", TestTimeouts.Short);
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        endpoint = new Uri($"https://127.0.0.1:{port}/");
        using var client = hub.CreateClient(AliceToken);

        using var refused = await client.GetAsync(Things);

        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await refused.Content.ReadAsStringAsync()).Should().Be(
            $"error trying to reach service: dial tcp 127.0.0.1:{port}: connect: connection refused\n");
        aggregator.Recheck();
        var unavailable = await aggregator.WaitForAvailableAsync(Name, "False", TestTimeouts.Short);
        Available(unavailable).Reason.Should().Be("FailedDiscoveryCheck");
        Available(unavailable).Message.Should().StartWith(
            $"failing or missing response from https://127.0.0.1:{port}/apis/{RecordingBackend.Group}/{RecordingBackend.Version}: ");
        using var gated = await client.GetAsync(Things);
        (await gated.Content.ReadAsStringAsync()).Should().Be("service unavailable\n", "an unavailable APIService is not dialed");
        aggregator.Forwards.Select(f => f.Error).Should().Equal(
            $"error trying to reach service: dial tcp 127.0.0.1:{port}: connect: connection refused", "service unavailable");
    }

    [Fact(Timeout = 60_000)]
    public async Task Watch_EventsArriveAsTheBackendSendsThem()
    {
        await RegisterAsync(_backend.Ca.CertificatePem);
        using var client = _hub.CreateClient(AliceToken);
        using var response = await client.GetAsync(Things + "?watch=true", HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(TestTimeouts.Short, "the watch's headers before any event");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        _backend.PushWatchLine("""{"type":"ADDED"}""");
        (await reader.ReadLineAsync().WaitAsync(TestTimeouts.Short, "the first event")).Should().Be("""{"type":"ADDED"}""");
        _backend.PushWatchLine("""{"type":"MODIFIED"}""");
        (await reader.ReadLineAsync().WaitAsync(TestTimeouts.Short, "the second event")).Should().Be("""{"type":"MODIFIED"}""");
    }

    [Fact(Timeout = 60_000)]
    public async Task Upgrade_WebSocket_SwitchesAndPipesBothWays()
    {
        await RegisterAsync(_backend.Ca.CertificatePem);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {AliceToken}");
        socket.Options.AddSubProtocol("echo.demo");
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && _hub.Ca.Verifies(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        var url = new Uri($"wss://{_hub.Url.Authority}/apis/{RecordingBackend.Group}/{RecordingBackend.Version}/echo");

        await socket.ConnectAsync(url, CancellationToken.None).WaitAsync(TestTimeouts.Short, "the WebSocket through the hub");
        await socket.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TestTimeouts.Short, "the echo");
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None)
            .WaitAsync(TestTimeouts.Short, "the close handshake");

        Encoding.UTF8.GetString(buffer, 0, received.Count).Should().Be("echo: hello");
        socket.SubProtocol.Should().Be("echo.demo");
        var seen = _backend.Seen.Single(r => r.PathAndQuery.EndsWith("/echo", StringComparison.Ordinal));
        seen.Values("Upgrade").Should().Equal("websocket");
        seen.Values("X-Remote-User").Should().Equal("alice");
        seen.Headers.Keys.Should().NotContain("Authorization");
        await _aggregator.WaitForForwardAsync(f => f.Upgrade, TestTimeouts.Short);
        _aggregator.Forwards.Should().ContainSingle(f => f.Upgrade && f.StatusCode == 101);
    }

    [Fact(Timeout = 60_000)]
    public async Task Discovery_ListsTheGroupWhileTheApiServiceExists_AndForgetsItOnDelete()
    {
        await RegisterAsync(_backend.Ca.CertificatePem);
        using var client = _hub.CreateClient(AliceToken);
        var groups = JsonNode.Parse(await client.GetStringAsync("apis"))!["groups"]!.AsArray();
        groups.Should().Contain(g => (string?)g!["name"] == RecordingBackend.Group);
        var group = JsonNode.Parse(await client.GetStringAsync($"apis/{RecordingBackend.Group}"))!;
        ((string?)group["preferredVersion"]!["groupVersion"]).Should().Be($"{RecordingBackend.Group}/{RecordingBackend.Version}");
        var resources = JsonNode.Parse(await client.GetStringAsync($"apis/{RecordingBackend.Group}/{RecordingBackend.Version}"))!;
        ((string?)resources["resources"]![0]!["name"]).Should().Be("things", "the backend answers version discovery");

        _hub.Store.Delete(FakeResource.ApiServices, null, Name);

        groups = JsonNode.Parse(await client.GetStringAsync("apis"))!["groups"]!.AsArray();
        groups.Should().NotContain(g => (string?)g!["name"] == RecordingBackend.Group);
        using var groupGone = await client.GetAsync($"apis/{RecordingBackend.Group}");
        groupGone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var versionGone = await client.GetAsync($"apis/{RecordingBackend.Group}/{RecordingBackend.Version}");
        versionGone.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private async Task RegisterAsync(string caBundlePem)
    {
        _hub.Store.Put(Service(RecordingBackend.ServiceNamespace, RecordingBackend.ServiceName));
        _hub.Store.Put(ApiService(Name, RecordingBackend.Group, RecordingBackend.Version, RecordingBackend.ServiceNamespace,
            RecordingBackend.ServiceName, caBundlePem));
        await _aggregator.WaitForAvailableAsync(Name, "True", TestTimeouts.Short);
    }

    private Task<JsonObject> WaitForReasonAsync(string reason, string message) =>
        _hub.Store.WaitForAsync(FakeResource.ApiServices, null, Name,
            o => Available(o) == (reason == "Passed" ? "True" : "False", reason, message), TestTimeouts.Short);
}
