using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Observability;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Apiserver;

/// <summary>
/// Credentials are withheld from every ClusterGateway response (get, list, watch, Tables with and without embedded
/// objects, the health subresource) unless <c>--feature-gates=ExposeClusterCredentials=true</c>; nothing else
/// (kubectl output, Status errors, logs, /metrics) carries them either. Hub mode, with an X509 cluster (cluster-a)
/// and a token cluster (cluster-b).
/// </summary>
public sealed class CredentialRedactionTests
{
    private const string Collection = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways";
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io";
    private const string ProxyPassword = "proxy-password-value";
    private const string ExecSecret = "exec-env-secret-value";
    private const string LeakyToken = "token-of-an-invalid-cluster";

    [Theory(Timeout = 120_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryResponsePath_WithholdsCredentialsUnlessTheGateExposesThem(bool expose)
    {
        await using var env = await StartAsync(expose);
        using var client = env.CreateGatewayClient();
        var key = KeyBase64(env);

        var bodies = new Dictionary<string, string>
        {
            ["get x509"] = await GetAsync(client, $"{Collection}/cluster-a"),
            ["get token"] = await GetAsync(client, $"{Collection}/cluster-b"),
            ["list"] = await GetAsync(client, Collection),
            ["table list, includeObject=Object"] = await GetAsync(client, $"{Collection}?includeObject=Object", TableAccept),
            ["table get, includeObject=Object"] = await GetAsync(client, $"{Collection}/cluster-a?includeObject=Object",
                TableAccept),
            ["watch"] = await WatchAsync(client, $"{Collection}?watch=true", events: 4),
            ["table watch, includeObject=Object"] = await WatchAsync(client, $"{Collection}?watch=true&includeObject=Object",
                events: 4, TableAccept),
            ["watch one"] = await WatchAsync(client, "/apis/cluster.core.oam.dev/v1alpha1/watch/clustergateways/cluster-a",
                events: 1),
            ["health get x509"] = await GetAsync(client, $"{Collection}/cluster-a/health"),
            ["health get token"] = await GetAsync(client, $"{Collection}/cluster-b/health"),
            ["health patch answer"] = await PatchHealthAsync(client, "cluster-b"),
        };

        foreach (var (path, body) in bodies)
        {
            var gateways = body.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .SelectMany(line => ClusterGateways(JsonNode.Parse(line)!))
                .ToList();
            gateways.Should().NotBeEmpty($"{path} answers with ClusterGateways");
            foreach (var gateway in gateways)
            {
                var name = (string)gateway["metadata"]!["name"]!;
                var credential = gateway["spec"]!["access"]!["credential"];
                var access = $"{path}, {name}: {credential?.ToJsonString()}";
                switch (name)
                {
                    case "cluster-a":
                        ((string?)credential!["type"]).Should().Be("X509Certificate", access);
                        ((string?)credential["x509"]!["certificate"]).Should().NotBeNullOrEmpty(access);
                        ((string?)credential["x509"]!["privateKey"]).Should().Be(expose ? key : null, access);
                        break;
                    case "cluster-b":
                        ((string?)credential!["type"]).Should().Be("ServiceAccountToken", access);
                        ((string?)credential["serviceAccountToken"]).Should()
                            .Be(expose ? HubEnvironment.ClusterBToken : null, access);
                        break;
                    case "proxied":
                        ((string?)gateway["spec"]!["access"]!["endpoint"]!["const"]!["proxy-url"]).Should()
                            .Be(expose ? $"http://user:{ProxyPassword}@127.0.0.1:9/" : "http://user:xxxxx@127.0.0.1:9/", access);
                        break;
                    case "dynamic":
                        ((string?)credential!["type"]).Should().Be("Dynamic", access);
                        break;
                }
            }

            if (!expose)
            {
                body.Should().NotContain(HubEnvironment.ClusterBToken, path).And.NotContain(key, path)
                    .And.NotContain(ProxyPassword, path);
            }

            // The exec config is in memory only, with or without the gate.
            body.Should().NotContain(ExecSecret, path);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task KubectlGetYaml_ShowsTheCredentialTypeButNoTokenOrKey()
    {
        await using var env = await StartAsync(expose: false);

        var token = await Kubectl.RunAsync(env.Kubeconfig, ["get", "clustergateway", "cluster-b", "-o", "yaml"],
            timeout: TestTimeouts.Default);
        var x509 = await Kubectl.RunAsync(env.Kubeconfig, ["get", "clustergateway", "cluster-a", "-o", "yaml"],
            timeout: TestTimeouts.Default);

        token.ExitCode.Should().Be(0, token.StdErr);
        token.StdOut.Should().Contain("type: ServiceAccountToken").And.NotContain(HubEnvironment.ClusterBToken)
            .And.NotContain("serviceAccountToken");
        x509.ExitCode.Should().Be(0, x509.StdErr);
        x509.StdOut.Should().Contain("type: X509Certificate").And.Contain("certificate: ")
            .And.NotContain("privateKey").And.NotContain(KeyBase64(env));
    }

    [Fact(Timeout = 120_000)]
    public async Task LogsStatusErrorsAndMetrics_NeverCarryACredential()
    {
        await using var env = await StartAsync(expose: false);
        using var client = env.CreateGatewayClient();
        using var probe = new ProxyMeterProbe(env.Gateway);

        // Traffic through both credentials, an invalid cluster whose Secret holds a token, and /metrics.
        foreach (var cluster in new[] { "cluster-a", "cluster-b" })
        {
            using var proxied = await client.GetAsync($"{Collection}/{cluster}/proxy/api/v1/namespaces");
            proxied.StatusCode.Should().Be(HttpStatusCode.OK, cluster);
        }

        await probe.WaitForAsync(p => p.Completed("cluster-a") == 1 && p.Completed("cluster-b") == 1,
            "the metrics of both proxied requests");
        using var invalid = await client.GetAsync($"{Collection}/leaky");
        invalid.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var invalidBody = await invalid.Content.ReadAsStringAsync();
        using var proxiedInvalid = await client.GetAsync($"{Collection}/leaky/proxy/api/v1/namespaces");
        var proxiedInvalidBody = await proxiedInvalid.Content.ReadAsStringAsync();
        using var metrics = await client.GetAsync("/metrics");
        metrics.StatusCode.Should().Be(HttpStatusCode.OK);
        var metricsText = await metrics.Content.ReadAsStringAsync();

        // The metrics saw both proxied requests, and the logs the invalid cluster: both had their chance to leak.
        metricsText.Should().Contain("cluster-a").And.Contain("cluster-b");
        var logs = string.Join('\n', env.Logs.Lines);
        logs.Should().Contain("leaky");
        foreach (var (what, text) in new[]
                 {
                     ("503 Status", invalidBody), ("proxied 503 Status", proxiedInvalidBody), ("/metrics", metricsText),
                     ("logs", logs),
                 })
        {
            text.Should().NotContain(HubEnvironment.ClusterBToken, what).And.NotContain(LeakyToken, what)
                .And.NotContain(KeyBase64(env), what).And.NotContain("PRIVATE KEY", what)
                .And.NotContain(ProxyPassword, what).And.NotContain(ExecSecret, what);
        }
    }

    private static Task<HubEnvironment> StartAsync(bool expose) =>
        HubEnvironment.StartAsync(env =>
            [
                .. env.DefaultSecrets(),
                HubEnvironment.Secret("proxied", "ServiceAccountToken", new()
                {
                    ["endpoint"] = env.ClusterB.Url.ToString(),
                    ["token"] = "another-token",
                    ["proxy-url"] = $"http://user:{ProxyPassword}@127.0.0.1:9/",
                }),
                HubEnvironment.Secret("dynamic", "Dynamic", new()
                {
                    ["endpoint"] = env.ClusterB.Url.ToString(),
                    ["exec"] = $$"""
                        {"apiVersion":"client.authentication.k8s.io/v1","command":"/bin/false",
                         "env":[{"name":"SECRET","value":"{{ExecSecret}}"}]}
                        """,
                }),
                // Invalid (no endpoint): its error must not quote the token.
                HubEnvironment.Secret("leaky", "ServiceAccountToken", new() { ["token"] = LeakyToken }),
            ],
            configureGateway: options => expose
                ? options with { Features = options.Features with { ExposeClusterCredentials = true } }
                : options);

    private static string KeyBase64(HubEnvironment env) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(
            TestCertificateAuthority.ExportPem(env.ClusterAClientCertificate).KeyPem));

    private static async Task<string> GetAsync(HttpClient client, string path, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await client.SendAsync(request).WaitAsync(TestTimeouts.Short);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"{path}: {body}");
        return body;
    }

    // The first `events` lines of a watch (its initial ADDED events), one per line.
    private static async Task<string> WatchAsync(HttpClient client, string path, int events, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(TestTimeouts.Short);
        response.StatusCode.Should().Be(HttpStatusCode.OK, path);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var lines = new List<string>();
        while (lines.Count < events && await reader.ReadLineAsync().WaitAsync(TestTimeouts.Short) is { } line)
        {
            lines.Add(line);
        }

        lines.Should().HaveCount(events, path);
        return string.Join('\n', lines);
    }

    private static async Task<string> PatchHealthAsync(HttpClient client, string cluster)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{Collection}/{cluster}/health")
        {
            Content = new StringContent("""{"status":{"healthy":true,"healthyReason":"Probed"}}""", Encoding.UTF8,
                "application/merge-patch+json"),
        };
        using var response = await client.SendAsync(request).WaitAsync(TestTimeouts.Default);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return body;
    }

    // Every ClusterGateway in a document: the object itself, list items, Table row objects, watch event objects.
    private static IEnumerable<JsonObject> ClusterGateways(JsonNode node) => node switch
    {
        JsonObject o when (string?)o["kind"] == "ClusterGateway" && o["spec"] is not null => [o],
        JsonObject o => o.Where(p => p.Value is not null).SelectMany(p => ClusterGateways(p.Value!)),
        JsonArray a => a.Where(n => n is not null).SelectMany(n => ClusterGateways(n!)),
        _ => [],
    };
}
