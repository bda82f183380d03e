using System.Globalization;
using System.Text;

namespace ClusterGateway.Benchmark;

/// <summary>The proxy path: the same load against the bare forwarder and the gateway, cell by cell (baseline first,
/// then the gateway, so both see the same machine state), printed as one markdown table.</summary>
internal static class ProxyBenchmark
{
    /// <summary>Starts both targets, prints the wrk commands for them and the gateway's pid, and waits for Ctrl-C.</summary>
    public static async Task ServeAsync(BenchOptions o, Pki pki, NginxUpstream nginx, string upstreamToken, CancellationToken ct)
    {
        await using var bare = await BareForwarder.StartAsync(pki, nginx.Port, upstreamToken, ct);
        await using var gateway = await StartGatewayAsync(o, pki, nginx, upstreamToken, ct);
        Console.WriteLine($"baseline: wrk -c 1 -d 8s --latency https://127.0.0.1:{bare.Port}{NginxUpstream.ListPath}");
        Console.WriteLine($"gateway (pid {gateway.Pid}): wrk -c 1 -d 8s --latency -H 'authorization: Bearer {gateway.Token}' " +
            $"{gateway.BaseUrl}{GatewayProcess.ApiPath}/bench/proxy{NginxUpstream.ListPath}");
        Console.WriteLine("Ctrl-C stops.");
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: dispose the targets.
        }
    }

    public static async Task<string> RunAsync(BenchOptions o, Pki pki, NginxUpstream nginx, string upstreamToken, CancellationToken ct)
    {
        await using var bare = await BareForwarder.StartAsync(pki, nginx.Port, upstreamToken, ct);
        await using var gateway = await StartGatewayAsync(o, pki, nginx, upstreamToken, ct);
        var targets = new (string Name, string Base, string Token)[]
        {
            ("baseline", $"https://127.0.0.1:{bare.Port}", "unused"),
            ("gateway", gateway.BaseUrl + GatewayProcess.ApiPath + "/bench/proxy", gateway.Token),
        };
        return await RunCellsAsync(o, targets, ct);
    }

    /// <summary>The gateway in local mode with one cluster <c>bench</c> pointing at nginx, ready and probed.</summary>
    private static async Task<GatewayProcess> StartGatewayAsync(BenchOptions o, Pki pki, NginxUpstream nginx, string upstreamToken,
        CancellationToken ct)
    {
        var clusters = Path.Combine(o.WorkDir, "proxy-clusters");
        ClusterFiles.Write(clusters, "bench", $"https://127.0.0.1:{nginx.Port}", pki.CaPem, upstreamToken);
        var gateway = GatewayProcess.StartLocal(o.GatewayDll, clusters, pki, Path.Combine(o.WorkDir, "gateway-proxy.log"));
        try
        {
            using var client = gateway.Client(pki);
            await gateway.WaitReadyAsync(client, TimeSpan.FromSeconds(60), ct);
            using var probe = await client.GetAsync(GatewayProcess.ApiPath + "/bench/proxy" + NginxUpstream.ListPath, ct);
            if (!probe.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"gateway proxy probe: {(int)probe.StatusCode}; see {gateway.Log}");
            }

            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    private static async Task<string> RunCellsAsync(BenchOptions o, (string Name, string Base, string Token)[] targets,
        CancellationToken ct)
    {
        var rows = new List<(string Label, Cell Bare, Cell Gateway, bool Bandwidth)>();
        foreach (var c in new[] { 1, 16, 64 })
        {
            var cells = new Cell[2];
            for (var t = 0; t < 2; t++)
            {
                var url = targets[t].Base + NginxUpstream.ListPath;
                await LoadGenerators.WrkAsync(url, targets[t].Token, c, o.WarmupSeconds, ct);
                cells[t] = await LoadGenerators.WrkAsync(url, targets[t].Token, c, o.DurationSeconds, ct);
                Progress($"HTTP/1.1 c={c} {targets[t].Name}: {cells[t]}");
            }

            rows.Add(($"HTTP/1.1, {c} conn", cells[0], cells[1], false));
        }

        {
            var cells = new Cell[2];
            for (var t = 0; t < 2; t++)
            {
                cells[t] = await LoadGenerators.H2loadAsync(targets[t].Base + NginxUpstream.ListPath, targets[t].Token, 4, 32,
                    o.WarmupSeconds, o.DurationSeconds, Path.Combine(o.WorkDir, "h2load.log"), ct);
                Progress($"HTTP/2 4x32 {targets[t].Name}: {cells[t]}");
            }

            rows.Add(("HTTP/2, 4 conn × 32 streams", cells[0], cells[1], false));
        }

        {
            var cells = new Cell[2];
            for (var t = 0; t < 2; t++)
            {
                var url = targets[t].Base + NginxUpstream.BigPath;
                await LoadGenerators.WrkAsync(url, targets[t].Token, 1, o.WarmupSeconds, ct);
                cells[t] = await LoadGenerators.WrkAsync(url, targets[t].Token, 1, o.DurationSeconds, ct);
                Progress($"10 MiB {targets[t].Name}: {cells[t]}");
            }

            rows.Add(("10 MiB body, 1 conn (MiB/s)", cells[0], cells[1], true));
        }

        var sb = new StringBuilder();
        sb.AppendLine("| cell | baseline req/s | p50 | p99 | gateway req/s | p50 | p99 | gateway / baseline |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (label, b, g, bandwidth) in rows)
        {
            if (bandwidth)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {b.MiBPerSecond:N0} MiB/s | {Us(b.P50Us)} | {Us(b.P99Us)} | " +
                    $"{g.MiBPerSecond:N0} MiB/s | {Us(g.P50Us)} | {Us(g.P99Us)} | {g.MiBPerSecond / b.MiBPerSecond:0.00} |");
            }
            else
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {b.RequestsPerSecond:N0} | {Us(b.P50Us)} | {Us(b.P99Us)} | " +
                    $"{g.RequestsPerSecond:N0} | {Us(g.P50Us)} | {Us(g.P99Us)} | {g.RequestsPerSecond / b.RequestsPerSecond:0.00} |");
            }
        }

        var errors = rows.Sum(r => r.Bare.Errors + r.Gateway.Errors);
        if (errors > 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"\nErrors (non-2xx or socket errors) across all cells: {errors}.");
        }

        return sb.ToString();
    }

    public static string Us(double us) => double.IsNaN(us) ? "–"
        : us >= 1000 ? (us / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " ms"
        : us.ToString("0", CultureInfo.InvariantCulture) + " µs";

    private static void Progress(string line) => Console.Error.WriteLine("  " + line);
}
