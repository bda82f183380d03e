using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Hosting;

/// <summary>
/// SIGTERM to the real gateway process (local mode, one imported cluster): long-running streams end within moments
/// (a clustergateways watch cleanly, a proxied watch cut), an ordinary request in flight completes, new connections
/// are refused (or, with <c>--shutdown-delay-duration</c>, served while <c>/readyz</c> fails), and the process exits
/// well within <c>--shutdown-grace-period</c>.
/// </summary>
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private const string Token = "shutdown-test-token";
    private const string Collection = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways";
    private const string SlowPath = "/api/v1/namespaces/default/configmaps/slow";

    /// <summary>The bound for "within about a second" on a loaded 2-core machine.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(2);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cg-shutdown-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly TaskCompletionSource _slowArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _releaseSlow = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FakeApiServer _cluster = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _cluster = await FakeApiServer.StartAsync(new FakeApiServerOptions
        {
            Name = "dev",
            Tokens = { ["dev-token"] = "dev-admin" },
            // Holds one ordinary GET at the cluster until the test releases it: a request in flight at SIGTERM.
            Intercept = async context =>
            {
                if (context.Request.Path == SlowPath)
                {
                    _slowArrived.TrySetResult();
                    await _releaseSlow.Task;
                }

                return false;
            },
        });
        _cluster.Store.Put(FakeResource.ConfigMaps, new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "slow", ["namespace"] = "default" },
        });
    }

    public async Task DisposeAsync()
    {
        _releaseSlow.TrySetResult();
        await _cluster.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact(Timeout = 120_000)]
    public async Task Sigterm_EndsStreamsPromptly_DrainsTheInFlightRequest_AndExitsWellWithinTheGracePeriod()
    {
        await using var gateway = await StartGatewayAsync("--shutdown-grace-period", "20s");
        var url = await gateway.Serving;
        using var client = Client(url);
        await using var ownWatch = await OpenAsync(client, $"{Collection}?watch=true");
        (await ownWatch.NextLineAsync()).Should().Contain("\"ADDED\"").And.Contain("\"dev\"");
        await using var proxiedWatch = await OpenAsync(client, $"{Collection}/dev/proxy/api/v1/namespaces/default/configmaps?watch=true");
        (await proxiedWatch.NextLineAsync()).Should().Contain("\"ADDED\"").And.Contain("\"slow\"");
        var ordinary = client.GetAsync($"{Collection}/dev/proxy{SlowPath}");
        await _slowArrived.Task.WaitAsync(TestTimeouts.Short);

        var clock = Stopwatch.StartNew();
        await gateway.TerminateAsync();

        // The clustergateways watch ends cleanly (end of stream, client-go re-watches); the proxied one is cut.
        (await ownWatch.EndAsync(Prompt)).Should().Be(StreamEnd.Clean);
        (await proxiedWatch.EndAsync(Prompt)).Should().Be(StreamEnd.Cut);
        // No new connections: the listener is closed.
        await WaitForRefusedAsync(url, Prompt);
        clock.Elapsed.Should().BeLessThan(Prompt + Prompt, "both streams and the listener end promptly after SIGTERM");

        // The ordinary request is still being served, and completes.
        ordinary.IsCompleted.Should().BeFalse("it is held at the cluster");
        _releaseSlow.SetResult();
        using var answer = await ordinary.WaitAsync(TestTimeouts.Short);
        answer.StatusCode.Should().Be(HttpStatusCode.OK);
        (await answer.Content.ReadAsStringAsync()).Should().Contain("\"slow\"");

        (await gateway.WaitForExitAsync().WaitAsync(TestTimeouts.Short)).Should().Be(0, gateway.Output);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the grace period is 20 s; nothing was left to wait for");
        gateway.Output.Should().Contain("Shutting down");
    }

    [Fact(Timeout = 120_000)]
    public async Task Sigterm_WithShutdownDelay_ReadyzFailsAtOnceWhileServing_ThenStreamsEnd()
    {
        await using var gateway = await StartGatewayAsync("--shutdown-delay-duration", "3s", "--shutdown-grace-period", "20s");
        var url = await gateway.Serving;
        using var client = Client(url);
        (await client.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK);
        await using var ownWatch = await OpenAsync(client, $"{Collection}?watch=true");
        (await ownWatch.NextLineAsync()).Should().Contain("\"ADDED\"");

        var clock = Stopwatch.StartNew();
        await gateway.TerminateAsync();

        // Readiness fails within moments, on new connections too, while liveness and ordinary requests are served.
        var readyz = await WaitForReadyzFailureAsync(url, Prompt);
        readyz.Should().Contain("[-]shutdown failed");
        using (var fresh = Client(url))
        {
            (await fresh.GetAsync("/livez")).StatusCode.Should().Be(HttpStatusCode.OK);
            (await fresh.GetAsync($"{Collection}/dev")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // After the delay the watch ends cleanly.
        (await ownWatch.EndAsync(TimeSpan.FromSeconds(3) + Prompt)).Should().Be(StreamEnd.Clean);
        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(2.5), "the watch is served during the delay");
        (await gateway.WaitForExitAsync().WaitAsync(TestTimeouts.Short)).Should().Be(0, gateway.Output);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(12));
    }

    private async Task<GatewayProcess> StartGatewayAsync(params string[] extra)
    {
        var kubeconfig = Path.Combine(_directory, "clusters.kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: dev
              cluster:
                server: {_cluster.Url}
                certificate-authority-data: {Convert.ToBase64String(Encoding.UTF8.GetBytes(_cluster.CaPem))}
            users:
            - name: dev
              user:
                token: dev-token
            contexts:
            - name: dev
              context:
                cluster: dev
                user: dev
            current-context: dev
            """);
        var gateway = GatewayProcess.Start(
            ["--import-kubeconfig", kubeconfig, "--secure-port", "0", "--token", Token, .. extra]);
        await gateway.Serving.WaitAsync(TestTimeouts.Long);
        return gateway;
    }

    private static HttpClient Client(Uri url)
    {
        // The gateway's self-signed certificate; what is under test here is timing, not TLS.
        var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        }) { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    private static async Task<LineStream> OpenAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Short);
        response.StatusCode.Should().Be(HttpStatusCode.OK, path);
        return new LineStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    // Connection refused is the signal; each attempt is a real connect, bounded overall.
    private static async Task WaitForRefusedAsync(Uri url, TimeSpan within)
    {
        using var limit = new CancellationTokenSource(within);
        while (true)
        {
            using var tcp = new TcpClient();
            try
            {
                await tcp.ConnectAsync(url.Host, url.Port, limit.Token);
            }
            catch (SocketException)
            {
                return;
            }

            await Task.Delay(20, limit.Token); // poll interval between connection attempts
        }
    }

    private static async Task<string> WaitForReadyzFailureAsync(Uri url, TimeSpan within)
    {
        using var limit = new CancellationTokenSource(within);
        while (true)
        {
            using var client = Client(url);
            using var response = await client.GetAsync("/readyz?verbose", limit.Token);
            if (response.StatusCode == HttpStatusCode.InternalServerError)
            {
                return await response.Content.ReadAsStringAsync(limit.Token);
            }
        }
    }

    private enum StreamEnd
    {
        Clean,
        Cut,
    }

    /// <summary>A streamed response read line by line.</summary>
    private sealed class LineStream(HttpResponseMessage response, StreamReader reader) : IAsyncDisposable
    {
        public async Task<string> NextLineAsync() =>
            await reader.ReadLineAsync().WaitAsync(TestTimeouts.Short) ?? throw new EndOfStreamException();

        /// <summary>Reads until the stream ends: cleanly (end of body) or cut (the connection closed mid-body).</summary>
        public async Task<StreamEnd> EndAsync(TimeSpan within)
        {
            using var limit = new CancellationTokenSource(within);
            try
            {
                while (await reader.ReadLineAsync(limit.Token) is not null)
                {
                }

                return StreamEnd.Clean;
            }
            catch (Exception e) when (e is IOException or HttpRequestException && !limit.IsCancellationRequested)
            {
                return StreamEnd.Cut;
            }
        }

        public ValueTask DisposeAsync()
        {
            reader.Dispose();
            response.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
