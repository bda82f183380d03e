using System.Diagnostics;
using System.Net;

namespace ClusterGateway.Benchmark;

/// <summary>The gateway's release build in local mode, as a separate process (<c>dotnet ClusterGateway.Gateway.dll</c>),
/// its output in a log file.</summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    public const string ApiPath = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways";

    private readonly Process _process;

    private GatewayProcess(Process process, int port, string token, string log)
    {
        _process = process;
        Port = port;
        Token = token;
        Log = log;
    }

    public int Port { get; }
    public string Token { get; }
    public string Log { get; }
    public int Pid => _process.Id;
    public string BaseUrl => $"https://127.0.0.1:{Port}";

    /// <summary>Local mode: <paramref name="clustersDir"/>, a bearer token of our own.</summary>
    public static GatewayProcess StartLocal(BenchOptions o, string clustersDir, Pki pki, string log)
    {
        var token = "gw-" + Guid.NewGuid().ToString("N");
        return Start(o, $"--clusters-dir '{clustersDir}' --token {token}", token, pki, log);
    }

    /// <summary>Hub mode: Secrets and authentication (TokenReview) from the hub of <paramref name="kubeconfig"/>;
    /// <paramref name="clientToken"/> is a token the hub knows.</summary>
    public static GatewayProcess StartHub(BenchOptions o, string kubeconfig, string clientToken, Pki pki, string log) =>
        Start(o, $"--kubeconfig '{kubeconfig}' --bind-address 127.0.0.1 --authentication-tolerate-lookup-failure",
            clientToken, pki, log);

    private static GatewayProcess Start(BenchOptions o, string modeArgs, string token, Pki pki, string log)
    {
        var dll = o.GatewayDll;
        if (o.GatewayArgs.Any(a => a.Contains('\'', StringComparison.Ordinal)))
        {
            throw new ArgumentException("a --gateway-arg must not contain a single quote");
        }

        modeArgs += string.Concat(o.GatewayArgs.Select(a => $" '{a}'"));
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"gateway build not found (e2e/Benchmark/run.sh publishes it): {dll}");
        }

        var port = Ports.Free();
        // exec: the shell becomes dotnet, so the pid is the gateway's (for VmRSS).
        var cmd = $"exec dotnet '{dll}' {modeArgs} --secure-port {port} " +
            $"--tls-cert-file '{pki.CertFile}' --tls-private-key-file '{pki.KeyFile}' >'{log}' 2>&1";
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(cmd);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("gateway did not start");
        return new GatewayProcess(process, port, token, log);
    }

    public HttpClient Client(Pki pki) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => pki.Validate(cert) },
    })
    {
        BaseAddress = new Uri(BaseUrl),
        DefaultRequestHeaders = { { "Authorization", "Bearer " + Token } },
        Timeout = TimeSpan.FromMinutes(2),
    };

    public async Task WaitReadyAsync(HttpClient client, TimeSpan timeout, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"gateway exited with {_process.ExitCode}; see {Log}");
            }

            try
            {
                using var r = await client.GetAsync("/readyz", ct);
                if (r.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(20, ct);
        }

        throw new TimeoutException($"gateway not ready after {timeout}; see {Log}");
    }

    /// <summary>Resident set size in MiB, from /proc/&lt;pid&gt;/status VmRSS.</summary>
    public double RssMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
            }
        }

        return double.NaN;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
