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
        var gateway = GatewayProcess.StartLocal(o, clusters, pki, Path.Combine(o.WorkDir, "gateway-proxy.log"));
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
        var rows = new List<(string Label, Cell Bare, Cell Gateway, bool Bandwidth, double[] Ratios)>();

        // Both processes at their steady state before the first cell counts: tiered JIT (ReadyToRun code, then
        // instrumented, then optimized) takes 15-20 s of load on two cores to settle, on HTTP/1.1 and HTTP/2 paths alike.
        for (var t = 0; t < 2; t++)
        {
            await LoadGenerators.WrkAsync(targets[t].Base + NginxUpstream.ListPath, targets[t].Token, 16, 5 * o.WarmupSeconds, ct);
            await LoadGenerators.H2loadAsync(targets[t].Base + NginxUpstream.ListPath, targets[t].Token, 4, 32, 0,
                5 * o.WarmupSeconds, Path.Combine(o.WorkDir, "h2load.log"), ct);
        }

        foreach (var c in new[] { 1, 16, 64 })
        {
            rows.Add(await MeasureAsync(o, targets, $"HTTP/1.1, {c} conn", bandwidth: false, ct,
                (target, seconds) => LoadGenerators.WrkAsync(target.Base + NginxUpstream.ListPath, target.Token, c, seconds, ct)));
        }

        rows.Add(await MeasureAsync(o, targets, "HTTP/2, 4 conn × 32 streams", bandwidth: false, ct,
            (target, seconds) => LoadGenerators.H2loadAsync(target.Base + NginxUpstream.ListPath, target.Token, 4, 32,
                0, seconds, Path.Combine(o.WorkDir, "h2load.log"), ct)));
        rows.Add(await MeasureAsync(o, targets, "10 MiB body, 1 conn (MiB/s)", bandwidth: true, ct,
            (target, seconds) => LoadGenerators.WrkAsync(target.Base + NginxUpstream.BigPath, target.Token, 1, seconds, ct)));

        var sb = new StringBuilder();
        sb.AppendLine("| cell | baseline req/s | p50 | p99 | gateway req/s | p50 | p99 | gateway / baseline |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (label, b, g, bandwidth, ratios) in rows)
        {
            if (bandwidth)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {b.MiBPerSecond:N0} MiB/s | {Us(b.P50Us)} | {Us(b.P99Us)} | " +
                    $"{g.MiBPerSecond:N0} MiB/s | {Us(g.P50Us)} | {Us(g.P99Us)} | {Stats.Median(ratios):0.00} |");
            }
            else
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {b.RequestsPerSecond:N0} | {Us(b.P50Us)} | {Us(b.P99Us)} | " +
                    $"{g.RequestsPerSecond:N0} | {Us(g.P50Us)} | {Us(g.P99Us)} | {Stats.Median(ratios):0.00} |");
            }
        }

        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Each figure is the median of {o.Rounds} rounds of {o.DurationSeconds} s per target, the targets alternating ") +
            "(baseline, gateway, then gateway, baseline ...) after a warm-up of each. The ratio is the median of the rounds' " +
            "ratios, each round's gateway figure over the baseline's measured next to it (so a drift of the machine between " +
            "rounds cancels out); the ratios of the rounds:");
        sb.AppendLine();
        foreach (var (label, _, _, _, ratios) in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {label}: {string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))}");
        }

        var errors = rows.Sum(r => r.Bare.Errors + r.Gateway.Errors);
        if (errors > 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"\nErrors (non-2xx or socket errors) across all cells: {errors}.");
        }

        return sb.ToString();
    }

    /// <summary>
    /// One cell: a warm-up of each target, then <see cref="BenchOptions.Rounds"/> rounds in alternating order (so a
    /// drift of the machine's state over the cell hits both alike); each figure is the median over the rounds.
    /// </summary>
    private static async Task<(string, Cell, Cell, bool, double[])> MeasureAsync(BenchOptions o,
        (string Name, string Base, string Token)[] targets, string label, bool bandwidth, CancellationToken ct,
        Func<(string Name, string Base, string Token), int, Task<Cell>> run)
    {
        for (var t = 0; t < 2; t++)
        {
            await run(targets[t], o.WarmupSeconds);
        }

        var cells = new List<Cell>[] { [], [] };
        for (var round = 0; round < o.Rounds; round++)
        {
            foreach (var t in round % 2 == 0 ? new[] { 0, 1 } : [1, 0])
            {
                var cell = await run(targets[t], o.DurationSeconds);
                cells[t].Add(cell);
                Progress($"{label} round {round + 1} {targets[t].Name}: {cell}");
            }
        }

        double Figure(Cell c) => bandwidth ? c.MiBPerSecond : c.RequestsPerSecond;
        var ratios = cells[1].Zip(cells[0], (g, b) => Figure(g) / Figure(b)).ToArray();
        return (label, Median(cells[0]), Median(cells[1]), bandwidth, ratios);
    }

    private static Cell Median(List<Cell> cells) =>
        new(Stats.Median(cells.Select(c => c.RequestsPerSecond)), Stats.Median(cells.Select(c => c.P50Us)),
            Stats.Median(cells.Select(c => c.P99Us)), Stats.Median(cells.Select(c => c.MiBPerSecond)), cells.Sum(c => c.Errors));


    public static string Us(double us) => double.IsNaN(us) ? "–"
        : us >= 1000 ? (us / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " ms"
        : us.ToString("0", CultureInfo.InvariantCulture) + " µs";

    private static void Progress(string line) => Console.Error.WriteLine("  " + line);
}
