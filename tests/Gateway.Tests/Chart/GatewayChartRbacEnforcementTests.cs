using ClusterGateway.TestSupport.Charts;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Tests.Ocm;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using static ClusterGateway.Gateway.Tests.Chart.ChartObjects;

namespace ClusterGateway.Gateway.Tests.Chart;

/// <summary>
/// The gateway, started with the arguments and serving certificate <c>helm template charts/cluster-gateway</c> renders,
/// against a hub that enforces RBAC (<see cref="FakeApiServerOptions.Rbac"/>) holding only the chart's RBAC objects
/// (plus a user's own grants): it syncs the cluster Secrets, authenticates and authorizes a user through the hub, writes
/// health and proxies, without a single 403 — and every permission the chart grants was used. With one verb taken out,
/// the call that needs it fails with the hub's 403.
/// </summary>
[Collection(GatewayChartCollection.Name)]
public sealed class GatewayChartRbacEnforcementTests(GatewayChartFixture helm)
{
    private const string Group = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways/";
    private const string AliceToken = "alice-token";

    [Theory(Timeout = 120_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChartRbacOnly_GatewayServes_NoRequestForbidden_AndEveryGrantIsUsed(bool ocm)
    {
        string[] values = ocm ? ["ocmIntegration.enabled=true", "proxy.authorizeSubpath=true"] : [];
        var rendered = await helm.RenderAsync(values);
        await using var run = await ChartGateway.StartAsync(rendered, ocm, withoutVerb: null);
        using var alice = run.Client(AliceToken);

        using (var list = await alice.GetAsync(Group).WaitAsync(TestTimeouts.Default, "list clustergateways"))
        {
            list.StatusCode.Should().Be(HttpStatusCode.OK, await list.Content.ReadAsStringAsync());
            (await list.Content.ReadAsStringAsync()).Should().Contain("\"name\":\"cluster-b\"");
        }

        using (var health = await run.PatchHealthAsync(alice))
        {
            health.StatusCode.Should().Be(HttpStatusCode.OK, await health.Content.ReadAsStringAsync());
        }

        ((string?)run.Env.Hub.Store.Get(FakeResource.Secrets, HubEnvironment.SecretNamespace, "cluster-b")!
            ["metadata"]!["annotations"]!["status.cluster.core.oam.dev/healthy-reason"]).Should().Be("ProbedByChartTest");
        using (var proxied = await alice.GetAsync(Group + "cluster-b/proxy/api/v1/namespaces")
                   .WaitAsync(TestTimeouts.Default, "proxy"))
        {
            proxied.StatusCode.Should().Be(HttpStatusCode.OK, await proxied.Content.ReadAsStringAsync());
        }

        if (ocm)
        {
            await run.Env.Hub.Requests.WaitForAsync(r => r.User == GatewayChartFixture.ServiceAccountUser &&
                r.Path.EndsWith("/managedclusters", StringComparison.Ordinal) && r.PathAndQuery.Contains("watch=", StringComparison.Ordinal),
                TestTimeouts.Default);
        }

        run.Forbidden.Should().BeEmpty("the chart grants everything the gateway calls");
        var calls = run.Env.Hub.Requests.Snapshot().Where(r => r.User == GatewayChartFixture.ServiceAccountUser)
            .Select(Attributes).OfType<RbacGrant>().ToList();
        var rbac = RenderedRbac.For(rendered, GatewayChartFixture.ReleaseNamespace, GatewayChartFixture.ServiceAccount);
        calls.Where(c => !rbac.Allows(c)).Select(c => c.ToString()).Should().BeEmpty("the table evaluates as the hub does");
        rbac.Grants.Where(g => !calls.Any(g.Covers)).Select(g => g.ToString()).Should()
            .BeEmpty("least privilege: every permission the chart grants is one the gateway used");
        rbac.Grants.Should().BeEquivalentTo(GatewayChartRbacTests.Needed(ocm));
    }

    [Fact(Timeout = 120_000)]
    public async Task ChartRbacWithoutSecretPatch_HealthWriteFailsWithTheHubs403_TheRestWorks()
    {
        await using var run = await ChartGateway.StartAsync(await helm.RenderAsync(), ocm: false, withoutVerb: ("secrets", "patch"));
        using var alice = run.Client(AliceToken);

        using var health = await run.PatchHealthAsync(alice);
        using var list = await alice.GetAsync(Group).WaitAsync(TestTimeouts.Default, "list clustergateways");

        health.IsSuccessStatusCode.Should().BeFalse();
        list.StatusCode.Should().Be(HttpStatusCode.OK, "only the health write needs the missing verb");
        run.Forbidden.Should().ContainSingle().Which.Should()
            .Be($"PATCH /api/v1/namespaces/{HubEnvironment.SecretNamespace}/secrets/cluster-b");
    }

    /// <summary>A request's authorization attributes, as kube-apiserver's RequestInfo derives them; null for non-resource paths.</summary>
    private static RbacGrant? Attributes(RecordedRequest request)
    {
        var segments = request.Path.Trim('/').Split('/');
        int i;
        string group;
        if (segments is ["api", _, ..])
        {
            (group, i) = ("", 2);
        }
        else if (segments is ["apis", _, _, ..])
        {
            (group, i) = (segments[1], 3);
        }
        else
        {
            return null;
        }

        var scope = RbacGrant.Cluster;
        if (segments.Length >= i + 3 && segments[i] == "namespaces")
        {
            scope = segments[i + 1];
            i += 2;
        }

        if (segments.Length <= i)
        {
            return null;
        }

        var resource = segments[i];
        var name = segments.Length > i + 1 ? segments[i + 1] : null;
        if (segments.Length > i + 2)
        {
            resource += "/" + segments[i + 2];
        }

        var query = QueryHelpers.ParseQuery(request.PathAndQuery.Contains('?') ? request.PathAndQuery[request.PathAndQuery.IndexOf('?')..] : "");
        var watch = query.TryGetValue("watch", out var w) && w.ToString() is "true" or "1";
        var verb = request.Method switch
        {
            "GET" when name is not null => "get",
            "GET" => watch ? "watch" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name is null ? "deletecollection" : "delete",
            var other => other.ToLowerInvariant(),
        };
        if (name is null && verb is "list" or "watch" && query.TryGetValue("fieldSelector", out var selector) &&
            selector.ToString().StartsWith("metadata.name=", StringComparison.Ordinal))
        {
            name = selector.ToString()["metadata.name=".Length..];
        }

        return new RbacGrant(scope, group, resource, verb, name);
    }

    /// <summary>The hub (RBAC on, chart RBAC only), cluster-b, and the gateway started from the chart's arguments.</summary>
    private sealed class ChartGateway : IAsyncDisposable
    {
        private readonly string _directory;
        private readonly string _caBundlePem;

        private ChartGateway(HubEnvironment env, ConcurrentQueue<string> forbidden, string directory, string caBundlePem)
        {
            Env = env;
            Forbidden = forbidden;
            _directory = directory;
            _caBundlePem = caBundlePem;
        }

        public HubEnvironment Env { get; }

        /// <summary>Every request the hub answered 403, as <c>METHOD path</c>.</summary>
        public ConcurrentQueue<string> Forbidden { get; }

        public static async Task<ChartGateway> StartAsync(IReadOnlyList<JsonObject> rendered, bool ocm,
            (string Resource, string Verb)? withoutVerb)
        {
            var (errors, chartOptions) = GatewayArgs.Parse(Args(rendered));
            errors.Should().BeEmpty();
            chartOptions!.SecretNamespace.Should().Be(HubEnvironment.SecretNamespace, "the hub environment's namespace");

            // The serving certificate the chart generated, as the pod mounts it.
            var directory = Directory.CreateTempSubdirectory("cg-chart-").FullName;
            var secret = Single(rendered, "Secret");
            var certFile = Path.Combine(directory, "tls.crt");
            var keyFile = Path.Combine(directory, "tls.key");
            await File.WriteAllTextAsync(certFile, SecretData(secret, "tls.crt"));
            await File.WriteAllTextAsync(keyFile, SecretData(secret, "tls.key"));
            var caBundle = Encoding.UTF8.GetString(Convert.FromBase64String(
                Single(rendered, "APIService")["spec"]!["caBundle"]!.GetValue<string>()));

            var forbidden = new ConcurrentQueue<string>();
            var env = await HubEnvironment.StartAsync(
                e =>
                [
                    e.TokenSecret("cluster-b", HubEnvironment.ClusterBToken),
                    .. ChartRbac(rendered, withoutVerb),
                    .. AliceRbac(),
                    .. ocm ? [OcmObjects.ManagedCluster("cluster-b", e.ClusterB.Url.ToString(), e.ClusterB.CaPem)] : Array.Empty<JsonObject>(),
                ],
                hub =>
                {
                    if (ocm)
                    {
                        hub.Store = OcmObjects.StoreWithCrd();
                    }

                    hub.Rbac = true;
                    hub.Tokens[HubEnvironment.HubToken] = GatewayChartFixture.ServiceAccountUser;
                    hub.Tokens[AliceToken] = "alice";
                    hub.Intercept = context =>
                    {
                        context.Response.OnStarting(() =>
                        {
                            if (context.Response.StatusCode == 403)
                            {
                                forbidden.Enqueue($"{context.Request.Method} {context.Request.Path}");
                            }

                            return Task.CompletedTask;
                        });
                        return Task.FromResult(false);
                    };
                },
                test => chartOptions with
                {
                    // What differs between a pod and this process: the hub's address, a free loopback port, the
                    // certificate's file paths; no drain delay so that disposing is quick.
                    Kubeconfig = test.Kubeconfig,
                    SecurePort = 0,
                    BindAddress = test.BindAddress,
                    WriteKubeconfig = test.WriteKubeconfig,
                    TlsCertFile = certFile,
                    TlsPrivateKeyFile = keyFile,
                    ShutdownDelayDuration = TimeSpan.Zero,
                    OcmDiscoveryInterval = TimeSpan.FromMilliseconds(200),
                });
            return new ChartGateway(env, forbidden, directory, caBundle);
        }

        /// <summary>
        /// A client of the gateway as the aggregator is one: it trusts only the APIService's caBundle and verifies the
        /// Service's DNS name; it sends <paramref name="token"/>.
        /// </summary>
        public HttpClient Client(string token)
        {
            var trust = new X509Certificate2Collection();
            trust.ImportFromPem(_caBundlePem);
            // The URL names the Service (so TLS verifies that name); the connection goes to the gateway's loopback port.
            var gateway = Env.Gateway.Url;
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                    await socket.ConnectAsync(gateway.Host, gateway.Port, cancellationToken);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                },
            };
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(trust);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
            var client = new HttpClient(handler)
            {
                BaseAddress = new Uri($"https://cluster-gateway.{GatewayChartFixture.ReleaseNamespace}.svc:{gateway.Port}/"),
                Timeout = Timeout.InfiniteTimeSpan,
            };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }

        public Task<HttpResponseMessage> PatchHealthAsync(HttpClient client)
        {
            var request = new HttpRequestMessage(HttpMethod.Patch, Group + "cluster-b/health")
            {
                Content = new StringContent("""{"status":{"healthy":true,"healthyReason":"ProbedByChartTest"}}""",
                    Encoding.UTF8, "application/merge-patch+json"),
            };
            return client.SendAsync(request).WaitAsync(TestTimeouts.Default, "patch health");
        }

        public async ValueTask DisposeAsync()
        {
            await Env.DisposeAsync();
            Directory.Delete(_directory, recursive: true);
        }

        private static IEnumerable<JsonObject> ChartRbac(IReadOnlyList<JsonObject> rendered, (string Resource, string Verb)? withoutVerb)
        {
            var rbac = rendered.Where(o => (string?)o["apiVersion"] == "rbac.authorization.k8s.io/v1")
                .Select(o => o.DeepClone().AsObject()).ToList();
            if (withoutVerb is var (resource, verb))
            {
                var rule = rbac.Where(o => Kind(o) is "Role" or "ClusterRole").SelectMany(o => o["rules"]!.AsArray())
                    .Select(r => r!.AsObject()).Single(r => Strings(r["resources"]).SequenceEqual([resource]));
                var verbs = rule["verbs"]!.AsArray();
                verbs.Remove(verbs.Single(v => (string?)v == verb));
            }

            return rbac;
        }

        // The user's own access (granted by the cluster admin, not by the chart): read clusters, write health, proxy.
        private static IEnumerable<JsonObject> AliceRbac() =>
        [
            JsonNode.Parse("""
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"alice-clusters"},
                 "rules":[
                   {"apiGroups":["cluster.core.oam.dev"],"resources":["clustergateways"],"verbs":["get","list","watch"]},
                   {"apiGroups":["cluster.core.oam.dev"],"resources":["clustergateways/health"],"verbs":["get","update","patch"]},
                   {"apiGroups":["cluster.core.oam.dev"],"resources":["clustergateways/proxy"],"verbs":["*"]},
                   {"apiGroups":[""],"resources":["namespaces"],"verbs":["list"]}]}
                """)!.AsObject(),
            JsonNode.Parse("""
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"alice-clusters"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"alice-clusters"},
                 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice"}]}
                """)!.AsObject(),
        ];
    }
}
