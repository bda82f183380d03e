using System.Net;
using System.Net.WebSockets;
using System.Text;
using ClusterGateway.Client.Tests.Support;
using ClusterGateway.TestSupport;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ClusterGateway.Client.Tests;

/// <summary>
/// The real KubernetesClient through <see cref="MultiCluster"/> against the real gateway (local mode) over fake managed
/// clusters: every request must arrive at the right managed cluster, with the cluster's own credential.
/// </summary>
public sealed class MultiClusterTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string ProxyPrefix = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways";

    [Fact(Timeout = 30_000)]
    public async Task ListClusterGateway_ReturnsBothClustersWithEndpointTypeAndHealth()
    {
        using var hub = new Kubernetes(fixture.Hub());

        var list = await hub.ListClusterGatewayAsync();

        list.Items.Select(g => g.Metadata.Name).Should().Equal("c1", "c2");
        var c1 = list.Items[0];
        c1.EndpointType.Should().Be("Const");
        c1.Spec.Access!.Endpoint!.Const!.Address.Should().Be(fixture.C1.Url.ToString());
        c1.Spec.Access.Credential!.Type.Should().Be("ServiceAccountToken");
        c1.Healthy.Should().BeTrue();
        var c2 = await hub.ReadClusterGatewayAsync("c2");
        c2.Healthy.Should().BeFalse();
        c2.Status.HealthyReason.Should().Be("ConnectionTimeout");
        c2.Kind.Should().Be("ClusterGateway");
    }

    [Fact(Timeout = 30_000)]
    public async Task TypedCalls_CreateAndListConfigMaps_ReachOnlyTheNamedCluster()
    {
        using var c1 = MultiCluster.ForCluster(fixture.Hub(), "c1");
        var name = "created-" + Guid.NewGuid().ToString("N")[..8];

        var created = await c1.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = name },
            Data = new Dictionary<string, string> { ["via"] = "gateway" },
        }, "default");
        var listed = await c1.CoreV1.ListNamespacedConfigMapAsync("default");

        created.Metadata.Uid.Should().NotBeNullOrEmpty();
        listed.Items.Select(c => c.Metadata.Name).Should().Contain(name);
        fixture.C1.Store.Get(FakeResource.ConfigMaps, "default", name)!["data"]!["via"]!.GetValue<string>()
            .Should().Be("gateway");
        fixture.C2.Store.Get(FakeResource.ConfigMaps, "default", name).Should().BeNull();
        var post = fixture.C1.Requests.Snapshot().Single(r => r.Method == "POST" && r.Path == "/api/v1/namespaces/default/configmaps"
            && r.At >= created.Metadata.CreationTimestamp!.Value.AddSeconds(-5));
        // The gateway authenticated to c1 with c1's token, not the hub token the client sent.
        post.User.Should().Be("c1-admin");
    }

    [Fact(Timeout = 30_000)]
    public async Task CallerHandlers_SeeTheRequestBeforeTheRewrite()
    {
        var seen = new RecordingHandler();
        using var c1 = MultiCluster.ForCluster(fixture.Hub(), "c1", seen);

        await c1.CoreV1.ReadNamespaceAsync("default");

        seen.Paths.Should().Equal("/api/v1/namespaces/default");
        seen.Sent.Should().Equal($"{ProxyPrefix}/c1/proxy/api/v1/namespaces/default");
    }

    [Fact(Timeout = 30_000)]
    public async Task UnknownCluster_IsTheGateways404()
    {
        using var missing = MultiCluster.ForCluster(fixture.Hub(), "nope");

        var act = () => missing.CoreV1.ListNamespaceAsync();

        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        error.Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        error.Response.Content.Should().Contain("nope");
        // The same call through an existing cluster succeeds: the 404 is about the cluster name.
        using var c2 = MultiCluster.ForCluster(fixture.Hub(), "c2");
        (await c2.CoreV1.ListNamespaceAsync()).Items.Should().Contain(n => n.Metadata.Name == "default");
    }

    [Fact(Timeout = 30_000)]
    public async Task Kubeconfig_ClientForC2_ReachesC2()
    {
        using var c2 = MultiCluster.ForCluster(fixture.Kubeconfig, "c2");
        var marker = "kubeconfig-" + Guid.NewGuid().ToString("N")[..8];

        await c2.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: $"marker={marker}");

        var request = fixture.C2.Requests.Snapshot().Single(r => r.PathAndQuery.Contains(marker, StringComparison.Ordinal));
        request.Path.Should().Be("/api/v1/namespaces/default/configmaps");
        request.User.Should().Be("c2-admin");
        fixture.C1.Requests.Snapshot().Should().NotContain(r => r.PathAndQuery.Contains(marker, StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task Watch_SeesAConfigMapCreatedDirectlyOnTheManagedCluster()
    {
        using var c1 = MultiCluster.ForCluster(fixture.Hub(), "c1");
        var name = "watched-" + Guid.NewGuid().ToString("N")[..8];
        using var stop = new CancellationTokenSource();
        var marker = "watch-" + Guid.NewGuid().ToString("N")[..8];
        var added = Task.Run(async () =>
        {
            await foreach (var (type, item) in c1.CoreV1.WatchListNamespacedConfigMapAsync("default",
                fieldSelector: $"metadata.name={name}", labelSelector: $"marker!={marker}", cancellationToken: stop.Token))
            {
                if (type == WatchEventType.Added && item.Metadata.Name == name)
                {
                    return item;
                }
            }

            throw new InvalidOperationException("the watch ended without an ADDED event");
        });

        // Created only once the watch has reached c1, so the event must come from the live watch.
        await fixture.C1.Requests.WaitForAsync(r => r.PathAndQuery.Contains(marker, StringComparison.Ordinal)
            && r.PathAndQuery.Contains("watch=true", StringComparison.Ordinal), TestTimeouts.Default);
        fixture.C1.Store.Put(FakeResource.ConfigMaps, new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["data"] = new System.Text.Json.Nodes.JsonObject { ["k"] = "v" },
        });

        var item = await added.WaitAsync(TestTimeouts.Default, "the ADDED event through the gateway");
        await stop.CancelAsync();
        item.Data.Should().Contain("k", "v");
    }

    [Fact(Timeout = 60_000)]
    public async Task Exec_OverWebSocket_RunsInTheManagedClusterPod()
    {
        using var c1 = MultiCluster.ForCluster(fixture.Hub(), "c1");
        var pod = "exec-" + Guid.NewGuid().ToString("N")[..8];
        fixture.C1.Store.Put(FakePods.Running(pod));
        string? stdout = null;

        var exitCode = await c1.NamespacedPodExecAsync(pod, "default", "main", ["sh", "-c", "echo hi from c1"], false,
            async (_, output, _) =>
            {
                using var reader = new StreamReader(output, Encoding.UTF8);
                stdout = await reader.ReadToEndAsync();
            }, CancellationToken.None).WaitAsync(TestTimeouts.Default, "exec through the gateway");

        exitCode.Should().Be(0);
        stdout.Should().Be("hi from c1\n");
        var upgrade = fixture.C1.Requests.Snapshot().Single(r => r.Path == $"/api/v1/namespaces/default/pods/{pod}/exec");
        upgrade.Header("Upgrade").Should().BeEquivalentTo("websocket");
        upgrade.Header("Sec-WebSocket-Protocol").Should().Contain("channel.k8s.io");
        upgrade.PathAndQuery.Should().Contain("command=sh&command=-c&command=echo%20hi%20from%20c1");
        upgrade.User.Should().Be("c1-admin");
        fixture.C2.Requests.Snapshot().Should().NotContain(r => r.Path.Contains(pod, StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task MuxedExec_StdinIsEchoedBack()
    {
        using var c1 = MultiCluster.ForCluster(fixture.Hub(), "c1");
        var pod = "cat-" + Guid.NewGuid().ToString("N")[..8];
        fixture.C1.Store.Put(FakePods.Running(pod));

        using var demuxer = await c1.MuxedStreamNamespacedPodExecAsync(pod, "default", ["cat"], "main",
            stdin: true, stdout: true, stderr: true, tty: false).WaitAsync(TestTimeouts.Default, "the exec stream");
        demuxer.Start();
        var stdin = demuxer.GetStream(null, ChannelIndex.StdIn);
        var stdout = demuxer.GetStream(ChannelIndex.StdOut, null);
        await stdin.WriteAsync("ping through the gateway\n"u8.ToArray());
        await stdin.FlushAsync();
        var buffer = new byte[64];
        var received = new StringBuilder();
        while (!received.ToString().EndsWith('\n'))
        {
            var read = await stdout.ReadAsync(buffer).AsTask().WaitAsync(TestTimeouts.Default, "cat to echo stdin");
            read.Should().BePositive();
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        received.ToString().Should().Be("ping through the gateway\n");
        fixture.C1.Requests.Snapshot().Should().Contain(r => r.Path == $"/api/v1/namespaces/default/pods/{pod}/exec");
    }

    [Fact(Timeout = 60_000)]
    public async Task PortForward_WebSocketUpgrade_ReachesTheManagedClusterAtTheRewrittenPath()
    {
        using var c1 = MultiCluster.ForCluster(fixture.Hub(), "c1");
        var pod = "pf-" + Guid.NewGuid().ToString("N")[..8];
        fixture.C1.Store.Put(FakePods.Running(pod));

        // KubernetesClient's port-forward sample asks for v4.channel.k8s.io; the fake (like kubelet today) speaks port-forward over WebSocket
        // only as SPDY/3.1+portforward.k8s.io, which ClientWebSocket cannot name ('/'), so c1 refuses the upgrade with
        // 400 (a wrong path would be a 404): what is checked is that the upgrade reached c1 at the rewritten path.
        var act = () => c1.WebSocketNamespacedPodPortForwardAsync(pod, "default", [8080], "v4.channel.k8s.io");

        (await act.Should().ThrowAsync<WebSocketException>()).Which.Message.Should().Contain("'400'");
        var path = $"/api/v1/namespaces/default/pods/{pod}/portforward";
        var requests = fixture.C1.Requests.Snapshot().Where(r => r.Path == path).ToList();
        var upgrade = requests.Single(r => r.Header("Upgrade") is not null);
        upgrade.Header("Upgrade").Should().BeEquivalentTo("websocket");
        upgrade.Header("Sec-WebSocket-Protocol").Should().Be("v4.channel.k8s.io");
        upgrade.PathAndQuery.Should().EndWith("?ports=8080");
        upgrade.User.Should().Be("c1-admin");
    }

    [Fact(Timeout = 30_000)]
    public async Task Handler_AnyHttpClient_QueryArrivesByteForByte()
    {
        var hub = fixture.Hub();
        var token = hub.AccessToken;
        var handler = MultiCluster.CreateHandler(hub, "c1");
        handler.InnerHandler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(hub.Host) };
        var marker = Guid.NewGuid().ToString("N")[..8];
        var query = $"?labelSelector=app%3D{marker}%2Ctier%21%3Dx&limit=5&x=%7E&y=a+b&z=%2F&w=%2b";
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/namespaces/default/configmaps" + query);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        using var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        request.RequestUri!.AbsolutePath.Should().Be($"{ProxyPrefix}/c1/proxy/api/v1/namespaces/default/configmaps");
        var arrived = fixture.C1.Requests.Snapshot().Single(r => r.PathAndQuery.Contains(marker, StringComparison.Ordinal));
        // The reference: the same request sent by .NET straight to c1, without gateway or handler.
        using var direct = fixture.C1.CreateClient(GatewayFixture.C1Token);
        var directMarker = marker.ToUpperInvariant() + "d";
        using var directResponse = await direct.GetAsync(new Uri(fixture.C1.Url,
            "api/v1/namespaces/default/configmaps" + query.Replace(marker, directMarker, StringComparison.Ordinal)));
        directResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        var reference = fixture.C1.Requests.Snapshot().Single(r => r.PathAndQuery.Contains(directMarker, StringComparison.Ordinal));
        arrived.RawTarget.Should().Be(reference.RawTarget.Replace(directMarker, marker, StringComparison.Ordinal));
        arrived.RawTarget.Should().StartWith($"/api/v1/namespaces/default/configmaps?labelSelector=app%3D{marker}%2Ctier%21%3Dx&limit=5&");
    }

    private sealed class RecordingHandler : DelegatingHandler
    {
        public List<string> Paths { get; } = [];

        public List<string> Sent { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            Paths.Add(request.RequestUri!.AbsolutePath);
            var response = await base.SendAsync(request, cancellationToken);
            Sent.Add(response.RequestMessage!.RequestUri!.AbsolutePath);
            return response;
        }
    }
}
