using System.Net;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.Gateway.Tests.Hosting;

public sealed class HealthzTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cg-healthz-" + Guid.NewGuid().ToString("N")[..8]);
    private FakeApiServer _hub = null!;
    private GatewayApp _gateway = null!;
    private HttpClient _client = null!;
    private volatile bool _secretsFail = true;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        // A hub whose Secret list fails until the test lets it through: the gateway cannot sync before that.
        _hub = await FakeApiServer.StartAsync(new FakeApiServerOptions
        {
            Tokens = { ["hub"] = "gateway" },
            Intercept = async context =>
            {
                if (!_secretsFail || !context.Request.Path.Value!.Contains("/secrets", StringComparison.Ordinal))
                {
                    return false;
                }

                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("{}");
                return true;
            },
        });
        _gateway = await GatewayApp.StartAsync(new GatewayOptions
        {
            Kubeconfig = _hub.WriteKubeconfig(_directory, token: "hub"), SecurePort = 0, BindAddress = "127.0.0.1",
        }, _ => { }, CancellationToken.None);
        _client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        }) { BaseAddress = _gateway.Url };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _hub.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact(Timeout = 60_000)]
    public async Task Readyz_BeforeAndAfterSecretsSync_FailsThenPasses()
    {
        (await _client.GetStringAsync("/livez")).Should().Be("ok");
        using (var notReady = await _client.GetAsync("/readyz"))
        {
            notReady.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
            (await notReady.Content.ReadAsStringAsync()).Should()
                .Be("[+]ping ok\n[-]cluster-sources-synced failed: reason withheld\n[+]shutdown ok\n[+]authentication-config-synced ok\nreadyz check failed\n");
        }

        (await _client.GetStringAsync("/readyz?exclude=cluster-sources-synced")).Should().Be("ok");

        _secretsFail = false;
        await _gateway.Registry.WaitForAsync(r => r.IsSynced, "the Secret informer to sync");

        (await _client.GetStringAsync("/readyz")).Should().Be("ok");
        (await _client.GetStringAsync("/readyz?verbose")).Should()
            .Be("[+]ping ok\n[+]cluster-sources-synced ok\n[+]shutdown ok\n[+]authentication-config-synced ok\nreadyz check passed\n");
        // Only the exact health paths are always allowed (kube's default); per-check paths need a credential.
        (await _client.GetAsync("/healthz/ping")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        _client.DefaultRequestHeaders.Authorization = new("Bearer", _gateway.Token);
        (await _client.GetStringAsync("/healthz/ping")).Should().Be("ok");
        (await _client.GetAsync("/readyz/nope")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
