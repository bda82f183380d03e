using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterGateway.Gateway.Tests.Hosting;

/// <summary>Issue 3 acceptance: replaced certificate files serve the next handshake, no restart, no failed request.</summary>
public sealed class ServingCertificateReloadTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cg-tls-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("serving-ca");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "clusters"));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _ca.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 60_000)]
    public async Task ReplacedFiles_NextHandshakeSeesNewCertificate_WhileALoopNeverFails()
    {
        var certFile = Path.Combine(_directory, "tls.crt");
        var keyFile = Path.Combine(_directory, "tls.key");
        var first = _ca.IssueServerCertificate("127.0.0.1");
        await WritePairAsync(certFile, keyFile, first);
        await using var gateway = await GatewayApp.StartAsync(new GatewayOptions
        {
            ClustersDir = Path.Combine(_directory, "clusters"), SecurePort = 0,
            TlsCertFile = certFile, TlsPrivateKeyFile = keyFile,
        }, _ => { }, CancellationToken.None);

        var seen = new ConcurrentQueue<string>();
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = NewConnectionPerRequestClient(gateway.Url, seen, thumbprint =>
        {
            if (thumbprint == first.Thumbprint)
            {
                firstSeen.TrySetResult();
            }
        });
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var requests = 0;
        var firstCompleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.GetAsync("/healthz", stop.Token);
                    response.EnsureSuccessStatusCode();
                    Interlocked.Increment(ref requests);
                    firstCompleted.TrySetResult();
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });

        await firstSeen.Task.WaitAsync(TestTimeouts.Default, "the loop to complete a handshake with the first certificate");
        await firstCompleted.Task.WaitAsync(TestTimeouts.Default, "the loop to complete a request");
        var watcher = gateway.Services.GetRequiredService<ServingCertificateWatcher>();
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Reloaded += _ => reloaded.TrySetResult();
        var second = _ca.IssueServerCertificate("127.0.0.1", "localhost");
        await WritePairAsync(certFile, keyFile, second);
        await reloaded.Task.WaitAsync(TestTimeouts.Default, "the watcher to reload the certificate");

        var afterReload = new ConcurrentQueue<string>();
        using (var probe = NewConnectionPerRequestClient(gateway.Url, afterReload, _ => { }))
        using (var response = await probe.GetAsync("/healthz"))
        {
            response.EnsureSuccessStatusCode();
        }

        afterReload.Should().Equal([second.Thumbprint], "the first handshake after the reload uses the new certificate");
        await stop.CancelAsync();
        await loop;
        failures.Should().Be(0);
        requests.Should().BePositive();
        seen.Should().Contain(first.Thumbprint);
    }

    private static async Task WritePairAsync(string certFile, string keyFile, X509Certificate2 certificate)
    {
        var (certPem, keyPem) = TestCertificateAuthority.ExportPem(certificate);
        // Each file is replaced atomically, the pair is not: the watcher must tolerate the gap.
        await File.WriteAllTextAsync(certFile + ".new", certPem);
        File.Move(certFile + ".new", certFile, overwrite: true);
        await File.WriteAllTextAsync(keyFile + ".new", keyPem);
        File.Move(keyFile + ".new", keyFile, overwrite: true);
    }

    private HttpClient NewConnectionPerRequestClient(Uri url, ConcurrentQueue<string> seen, Action<string> onHandshake)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    var leaf = X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData());
                    seen.Enqueue(leaf.Thumbprint);
                    onHandshake(leaf.Thumbprint);
                    return _ca.Verifies(leaf);
                },
            },
        };
        return new HttpClient(handler) { BaseAddress = url };
    }
}
