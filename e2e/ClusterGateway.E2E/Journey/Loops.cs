using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.E2E.Harness;
using ClusterGateway.TestSupport;

namespace ClusterGateway.E2E.Journey;

/// <summary>A background loop of calls that counts successes and keeps the failures.</summary>
internal sealed class CallLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _successes;

    public CallLoop(string name, Func<CancellationToken, Task> call, TimeSpan interval)
    {
        Name = name;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await call(_stop.Token);
                    Interlocked.Increment(ref _successes);
                }
                catch (Exception e) when (!_stop.IsCancellationRequested)
                {
                    Failures.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {e.GetType().Name}: {e.Message}");
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                try
                {
                    await Task.Delay(interval, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
    }

    public string Name { get; }

    public int Successes => Volatile.Read(ref _successes);

    public ConcurrentQueue<string> Failures { get; } = new();

    public override string ToString() =>
        $"{Name}: {Successes} ok, {Failures.Count} failed{(Failures.IsEmpty ? "" : ": " + string.Join("; ", Failures.Take(5)))}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
        }

        _stop.Dispose();
    }
}

/// <summary>The checks the loops make.</summary>
internal static class Probes
{
    /// <summary>GET through the hub; fails unless 200.</summary>
    public static async Task GetOkAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    /// <summary>
    /// A fresh TLS handshake with the gateway's pod, verified as kube-aggregator verifies it: the chain against the
    /// APIService's current caBundle and the name <c>cluster-gateway.NS.svc</c>; returns the serving certificate.
    /// </summary>
    public static async Task<X509Certificate2> HandshakeAsync(FakeApiServer hub, FakeKubelet kubelet, CancellationToken ct)
    {
        var apiService = hub.Store.Get(FakeResource.ApiServices, null, Names.ApiService)
            ?? throw new InvalidOperationException("no APIService");
        var bundle = NearRotationSigner.Parse(Encoding.UTF8.GetString(
            Convert.FromBase64String(apiService["spec"]!["caBundle"]!.GetValue<string>())));
        var endpoint = kubelet.ResolveEndpoint(Names.GatewayNamespace, Names.GatewayService, 9443)
            ?? throw new InvalidOperationException("no ready gateway endpoint");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", endpoint.Port, ct);
        X509Certificate2? served = null;
        string? problem = null;
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = $"{Names.GatewayService}.{Names.GatewayNamespace}.svc",
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                served = X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData());
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(bundle);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                var chained = chain.Build(served);
                var named = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
                problem = chained && named ? null
                    : $"serving certificate {served.Subject} (issuer {served.Issuer}) chained={chained} nameMatches={named} " +
                      $"against a caBundle of {bundle.Count} CA(s)";
                return problem is null;
            },
        }, ct);
        return problem is null ? served! : throw new InvalidOperationException(problem);
    }

    /// <summary>The number of CAs in the APIService caBundle (0 when there is no APIService).</summary>
    public static int BundleSize(FakeApiServer hub) =>
        hub.Store.Get(FakeResource.ApiServices, null, Names.ApiService)?["spec"]?["caBundle"]?.GetValue<string>() is { } b
            ? NearRotationSigner.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(b))).Count
            : 0;

    /// <summary>Whether hub discovery (/apis) lists the group version.</summary>
    public static async Task<bool> ListedAsync(HttpClient client, CancellationToken ct)
    {
        var apis = JsonNode.Parse(await client.GetStringAsync("/apis", ct))!;
        return apis["groups"]!.AsArray().Any(g => g?["name"]?.GetValue<string>() == Names.Group);
    }
}
