using System.Security.Authentication;
using System.Text.Json.Nodes;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Config;
using ClusterGateway.Kube.Models;
using ClusterGateway.TestSupport;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.Kube.Tests.Client;

public sealed class KubeClientTransportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kubeclient-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact(Timeout = 30_000)]
    public async Task Request_SendsBearerTokenAcceptAndUserAgent()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);

        await client.GetAsync<JsonObject>(ResourceKind.Namespaces, null, "default");

        var request = server.Requests.Snapshot().Single();
        request.User.Should().Be(FakeServers.User);
        request.Header("Accept").Should().Be("application/json");
        request.Header("User-Agent").Should().StartWith("cluster-gateway/");
    }

    [Fact(Timeout = 30_000)]
    public async Task Request_AsksTheTokenSourceEveryTime()
    {
        var options = new FakeApiServerOptions();
        options.Tokens["one"] = "first-user";
        options.Tokens["two"] = "second-user";
        await using var server = await FakeApiServer.StartAsync(options);
        var tokens = new RotatingTokenSource("one", "two");
        using var client = new KubeClient(FakeServers.Options(server) with { TokenSource = tokens });

        await client.GetAsync<JsonObject>(ResourceKind.Namespaces, null, "default");
        await client.GetAsync<JsonObject>(ResourceKind.Namespaces, null, "default");

        server.Requests.Snapshot().Select(r => r.User).Should().Equal("first-user", "second-user");
    }

    [Fact(Timeout = 30_000)]
    public async Task Request_ClientCertificate_AuthenticatesAsItsCommonName()
    {
        await using var server = await FakeServers.StartAsync();
        using var certificate = server.Ca.IssueClientCertificate("alice", "team-a");
        using var client = new KubeClient(FakeServers.Options(server, token: null) with { ClientCertificate = certificate });

        await client.GetAsync<JsonObject>(ResourceKind.Namespaces, null, "default");

        var request = server.Requests.Snapshot().Single();
        request.User.Should().Be("alice");
        request.Groups.Should().Contain("team-a");
    }

    [Fact(Timeout = 30_000)]
    public async Task Request_FromWrittenKubeconfig_UsesItsCaAndCredentials()
    {
        await using var server = await FakeServers.StartAsync();
        using var certificate = server.Ca.IssueClientCertificate("bob");
        var path = server.WriteKubeconfig(_dir, clientCertificate: certificate);
        var options = KubeConfigLoader.Resolve(KubeConfigLoader.Load(path)).ToClientOptions();
        using var client = new KubeClient(options);

        var list = await client.ListAsync<JsonObject>(ResourceKind.Namespaces, null);

        list.Items.Should().NotBeEmpty();
        server.Requests.Snapshot().Single().User.Should().Be("bob");
    }

    [Fact(Timeout = 30_000)]
    public async Task Request_NoCredentials_ThrowsUnauthorized()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server, token: null);

        var act = () => client.GetAsync<JsonObject>(ResourceKind.Namespaces, null, "default");

        (await act.Should().ThrowAsync<KubeApiException>()).Which.IsUnauthorized.Should().BeTrue();
    }

    [Fact(Timeout = 30_000)]
    public async Task Request_ServerCertificateFromAnotherCa_FailsTls()
    {
        await using var server = await FakeServers.StartAsync();
        using var otherCa = TestCertificateAuthority.Create("other");
        var caCertificates = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        caCertificates.ImportFromPem(otherCa.CertificatePem);
        using var client = new KubeClient(FakeServers.Options(server) with { CaCertificates = caCertificates });

        var act = () => client.GetAsync<JsonObject>(ResourceKind.Namespaces, null, "default");

        (await act.Should().ThrowAsync<HttpRequestException>()).WithInnerException<AuthenticationException>();
        server.Requests.Count.Should().Be(0);
    }

    [Fact(Timeout = 30_000)]
    public async Task Request_InsecureSkipTlsVerify_AcceptsAnyServerCertificate()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = new KubeClient(FakeServers.Options(server) with { CaCertificates = null, InsecureSkipTlsVerify = true });

        await client.GetAsync<JsonObject>(ResourceKind.Namespaces, null, "default");

        server.Requests.Count.Should().Be(1);
    }

    [Fact(Timeout = 30_000)]
    public async Task Request_TlsServerName_IsVerifiedInsteadOfTheHost()
    {
        await using var server = await FakeServers.StartAsync();
        using var good = new KubeClient(FakeServers.Options(server) with { TlsServerName = "localhost" });
        using var bad = new KubeClient(FakeServers.Options(server) with { TlsServerName = "wrong.example.com" });

        await good.GetAsync<JsonObject>(ResourceKind.Namespaces, null, "default");
        var act = () => bad.GetAsync<JsonObject>(ResourceKind.Namespaces, null, "default");

        (await act.Should().ThrowAsync<HttpRequestException>()).WithInnerException<AuthenticationException>();
    }

    [Fact(Timeout = 30_000)]
    public async Task Request_NonStatusErrorBody_SynthesizesAStatus()
    {
        await using var server = await FakeServers.StartAsync(async context =>
        {
            context.Response.StatusCode = 503;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("backend down");
            return true;
        });
        using var client = FakeServers.Client(server);

        var act = () => client.GetAsync<JsonObject>(ResourceKind.Namespaces, null, "default");

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.Code.Should().Be(503);
        error.Reason.Should().Be("ServiceUnavailable");
        error.Status.Message.Should().Be("backend down");
        error.Status.Result.Should().Be("Failure");
    }

    [Fact(Timeout = 30_000)]
    public async Task Request_NoAnswerWithinRequestTimeout_ThrowsTimeout()
    {
        await using var server = await FakeServers.StartAsync(async context =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return true;
        });
        using var client = new KubeClient(FakeServers.Options(server) with { RequestTimeout = TimeSpan.FromMilliseconds(200) });

        var act = () => client.GetAsync<JsonObject>(ResourceKind.Namespaces, null, "default");

        await act.Should().ThrowAsync<TimeoutException>();
    }

    [Fact(Timeout = 30_000)]
    public async Task Request_ServerWithPathPrefix_KeepsThePrefix()
    {
        await using var server = await FakeServers.StartAsync(async context =>
        {
            if (!context.Request.Path.StartsWithSegments("/prefix/api", StringComparison.Ordinal))
            {
                return false;
            }

            await context.Response.WriteAsJsonAsync(new { kind = "Namespace", apiVersion = "v1", metadata = new { name = "prefixed" } });
            return true;
        });
        using var client = new KubeClient(FakeServers.Options(server) with { Server = new Uri(server.Url, "/prefix/") });

        var ns = await client.GetAsync<JsonObject>(ResourceKind.Namespaces, null, "x");

        ns["metadata"]!["name"]!.GetValue<string>().Should().Be("prefixed");
        server.Requests.Snapshot().Single().Path.Should().Be("/prefix/api/v1/namespaces/x");
    }

    private sealed class RotatingTokenSource(params string[] tokens) : ITokenSource
    {
        private int _next;

        public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult<string?>(tokens[Interlocked.Increment(ref _next) - 1]);
    }
}
