using System.Net;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy;

/// <summary>How the proxy verifies a cluster's serving certificate (never silently insecure).</summary>
public sealed class ClusterTransportTests : IAsyncLifetime
{
    private HubEnvironment _env = null!;
    private FakeApiServer _named = null!;

    public async Task InitializeAsync()
    {
        _env = await HubEnvironment.StartAsync(_ => []);
        _named = await FakeApiServer.StartAsync(new FakeApiServerOptions
        {
            Name = "named", Tokens = { ["t"] = "admin" }, ServerNames = { "managed.example" },
        });
    }

    public async Task DisposeAsync()
    {
        await _named.DisposeAsync();
        await _env.DisposeAsync();
    }

    [Theory(Timeout = 60_000)]
    [InlineData("right-ca", null, null, HttpStatusCode.OK)]
    [InlineData("wrong-ca", "wrong", null, HttpStatusCode.ServiceUnavailable)]
    [InlineData("no-ca", "none", null, HttpStatusCode.ServiceUnavailable)]
    [InlineData("no-ca-insecure", "none", "insecure", HttpStatusCode.OK)]
    [InlineData("server-name", null, "managed.example", HttpStatusCode.OK)]
    [InlineData("server-name-mismatch", null, "other.example", HttpStatusCode.ServiceUnavailable)]
    public async Task Proxy_CertificateVerification_FollowsTheSecret(string name, string? ca, string? extra,
        HttpStatusCode expected)
    {
        var data = new Dictionary<string, string> { ["endpoint"] = _named.Url.ToString(), ["token"] = "t" };
        if (ca is null)
        {
            data["ca.crt"] = _named.CaPem;
        }
        else if (ca == "wrong")
        {
            data["ca.crt"] = _env.ClusterA.CaPem;
        }

        if (extra == "insecure")
        {
            data["insecure-skip-tls-verify"] = "true";
        }
        else if (extra is not null)
        {
            data["tls-server-name"] = extra;
        }

        _env.Hub.Store.Put(HubEnvironment.Secret(name, "ServiceAccountToken", data));
        await _env.WaitForRegistryAsync(r => r.Snapshot.ContainsKey(name), $"cluster {name}");
        using var client = _env.CreateGatewayClient();

        using var response = await client.GetAsync($"apis/cluster.core.oam.dev/v1alpha1/clustergateways/{name}/proxy/version");

        response.StatusCode.Should().Be(expected);
        if (expected != HttpStatusCode.OK)
        {
            var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            ((string?)status["message"]).Should().StartWith($"cluster {name} is unreachable");
            _named.Requests.Snapshot().Should().BeEmpty("no request may be sent over an unverified connection");
        }
    }
}
