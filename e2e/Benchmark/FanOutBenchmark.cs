using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Benchmark;

/// <summary>
/// Fan-out mode (<c>--fanout</c>): 100 fake clusters (tests/TestSupport's fake API server, each its own TLS port and
/// token, one shared store of 100 ConfigMaps) behind the gateway in hub mode; times one fan-out list
/// (<c>clustergateways/*/proxy/api/v1/configmaps</c>, 10,000 items, JSON and Table) against every single cluster's
/// list through the gateway, and prints the median fan-out, the slowest and the median single list and the ratio
/// (target: fan-out within 2x the slowest single list). <c>--fanout-latency MS</c> makes every cluster answer MS
/// later, standing for a remote cluster's round trip and apiserver time (the fake servers share this machine's cores
/// with the gateway, so without it the fan-out also pays 100 clusters' server CPU).
/// </summary>
internal static class FanOutBenchmark
{
    private const string Namespace = "open-cluster-management-credentials";
    private const string GatewayToken = "gateway-token";
    private const string ClientToken = "admin-token";
    private const string Prefix = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways/";
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io";

    public static async Task<string> RunAsync(BenchOptions o, Pki pki, CancellationToken ct)
    {
        var sb = new StringBuilder();
        void Line(string s)
        {
            sb.AppendLine(s);
            Console.Error.WriteLine("  " + s);
        }

        var clusters = o.FanOutClusters;
        var latency = TimeSpan.FromMilliseconds(o.FanOutLatencyMs);
        await using var hub = await FakeApiServer.StartAsync(new FakeApiServerOptions
        {
            Name = "hub", NamespaceMustExist = false,
            Tokens = { [GatewayToken] = "system:serviceaccount:cluster-gateway:gateway", [ClientToken] = "admin" },
        }, ct);
        using var ca = TestCertificateAuthority.Create("fanout-ca");
        var store = new FakeObjectStore();
        for (var i = 0; i < 100; i++)
        {
            store.Put(FakeResource.ConfigMaps, new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = $"cm-{i:D3}", ["namespace"] = "default", ["labels"] = new JsonObject { ["app"] = "bench" } },
                ["data"] = new JsonObject { ["key"] = new string('x', 200) },
            });
        }

        var servers = new List<FakeApiServer>();
        try
        {
            for (var i = 0; i < clusters; i++)
            {
                var name = $"c{i:D3}";
                var server = await FakeApiServer.StartAsync(new FakeApiServerOptions
                {
                    Name = name, CertificateAuthority = ca, Store = store, NamespaceMustExist = false,
                    Tokens = { ["t-" + name] = "admin" },
                    Intercept = latency == TimeSpan.Zero ? null : async _ =>
                    {
                        await Task.Delay(latency, ct);
                        return false;
                    },
                }, ct);
                servers.Add(server);
                hub.Store.Put(ClusterSecrets.Create(name, Namespace, "ServiceAccountToken", new Dictionary<string, string>
                {
                    ["endpoint"] = server.Url.ToString(), ["ca.crt"] = server.CaPem, ["token"] = "t-" + name,
                }));
            }

            var kubeconfig = hub.WriteKubeconfig(Path.Combine(o.WorkDir, "fanout-hub"), token: GatewayToken);
            await using var gateway = GatewayProcess.StartHub(o, kubeconfig, ClientToken, pki,
                Path.Combine(o.WorkDir, "gateway-fanout.log"));
            using var client = gateway.Client(pki);
            await gateway.WaitReadyAsync(client, TimeSpan.FromMinutes(2), ct);

            // Warm every cluster's pool and the review cache, then measure.
            for (var i = 0; i < clusters; i++)
            {
                await TimeAsync(client, Prefix + $"c{i:D3}/proxy/api/v1/configmaps", "application/json", 100, ct);
            }

            var single = new List<double>();
            for (var i = 0; i < clusters; i++)
            {
                single.Add(await TimeAsync(client, Prefix + $"c{i:D3}/proxy/api/v1/configmaps", "application/json", 100, ct));
            }

            var json = new List<double>();
            var table = new List<double>();
            for (var round = 0; round < 6; round++)
            {
                json.Add(await TimeAsync(client, Prefix + "*/proxy/api/v1/configmaps", "application/json", clusters * 100, ct));
                table.Add(await TimeAsync(client, Prefix + "*/proxy/api/v1/configmaps", TableAccept, clusters * 100, ct));
            }

            // The same 100 lists sent by the client itself, concurrently, straight to the clusters: what the fake
            // servers alone cost on this machine (they share its cores with the gateway).
            using var direct = new HttpClient(new SocketsHttpHandler
            {
                UseProxy = false,
                SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            });
            var directTimes = new List<double>();
            for (var round = 0; round < 6; round++)
            {
                var sw = Stopwatch.StartNew();
                await Task.WhenAll(servers.Select(async (server, i) =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Url, "/api/v1/configmaps"));
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"t-c{i:D3}");
                    using var response = await direct.SendAsync(request, ct);
                    response.EnsureSuccessStatusCode();
                    await response.Content.ReadAsByteArrayAsync(ct);
                }));
                directTimes.Add(sw.Elapsed.TotalMilliseconds);
            }

            directTimes.RemoveAt(0);

            // The first fan-out warms the merge path.
            json.RemoveAt(0);
            table.RemoveAt(0);
            var slowest = single.Max();
            Line(string.Create(CultureInfo.InvariantCulture,
                $"- {clusters} clusters x 100 ConfigMaps, modelled cluster latency {latency.TotalMilliseconds:0} ms: " +
                $"single-cluster list through the gateway: median {Stats.Median(single):0.0} ms, slowest {slowest:0.0} ms"));
            Line(string.Create(CultureInfo.InvariantCulture,
                $"- fan-out list (clustergateways/*/proxy, {clusters * 100:N0} items, median of 5): JSON {Stats.Median(json):0.0} ms " +
                $"({Stats.Median(json) / slowest:0.00}x the slowest single list), Table {Stats.Median(table):0.0} ms ({Stats.Median(table) / slowest:0.00}x)"));
            Line(string.Create(CultureInfo.InvariantCulture,
                $"- for comparison, the client itself sending the {clusters} lists straight to the clusters at once (no gateway, not merged): {Stats.Median(directTimes):0.0} ms"));
            Line($"- gateway RSS after the fan-out lists: {gateway.RssMiB():0} MiB");
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }

        return sb.ToString();
    }

    private static async Task<double> TimeAsync(HttpClient client, string path, string accept, int expected, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        var sw = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        sw.Stop();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path}: HTTP {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        }

        using var doc = JsonDocument.Parse(body);
        var count = doc.RootElement.TryGetProperty("items", out var items) ? items.GetArrayLength()
            : doc.RootElement.GetProperty("rows").GetArrayLength();
        if (count != expected)
        {
            throw new InvalidOperationException($"{path}: {count} items, expected {expected}");
        }

        return sw.Elapsed.TotalMilliseconds;
    }
}
