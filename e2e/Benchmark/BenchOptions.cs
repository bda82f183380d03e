namespace ClusterGateway.Benchmark;

/// <summary>Command line: <c>--duration 3</c> (seconds per round), <c>--rounds 16</c> (rounds per target and cell),
/// <c>--warmup 2</c>, <c>--quick</c> (2 s cells,
/// 1 s warm-up, 500 clusters), <c>--scale N</c> (clusters in scale mode, default 10,000; 0 skips it),
/// <c>--no-proxy</c> (scale mode only), <c>--serve</c> (start the proxy-path targets, print how to load them, wait for
/// Ctrl-C: for profiling with dotnet-trace/dotnet-counters), <c>--gateway-dll PATH</c>, <c>--work DIR</c>,
/// <c>--fanout</c> (fan-out mode only: <see cref="FanOutBenchmark"/>), <c>--fanout-clusters N</c> (default 100),
/// <c>--fanout-latency MS</c> (modelled cluster latency, default 0), <c>--gateway-arg FLAG</c> (repeatable).</summary>
internal sealed record BenchOptions(
    int DurationSeconds, int WarmupSeconds, int ScaleClusters, bool Proxy, string GatewayDll, string WorkDir, bool Quick,
    bool Serve, int Rounds)
{
    /// <summary>Fan-out mode only.</summary>
    public bool FanOut { get; init; }

    /// <summary>Clusters of the fan-out mode.</summary>
    public int FanOutClusters { get; init; } = 100;

    /// <summary>Modelled latency of every fake cluster in fan-out mode, in milliseconds.</summary>
    public int FanOutLatencyMs { get; init; }

    /// <summary>Extra gateway flags (<c>--gateway-arg --access-log=false</c>, repeatable), added to every gateway the
    /// benchmark starts, to measure what a feature costs; the default run measures the gateway's defaults.</summary>
    public IReadOnlyList<string> GatewayArgs { get; init; } = [];

    public static BenchOptions Parse(string[] args)
    {
        var duration = 3;
        var rounds = 16;
        var warmup = 2;
        int? scale = null;
        var proxy = true;
        var quick = false;
        var serve = false;
        string? dll = null;
        string? work = null;
        var fanOut = false;
        var fanOutClusters = 100;
        var fanOutLatency = 0;
        var gatewayArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--duration": duration = int.Parse(args[++i]); break;
                case "--warmup": warmup = int.Parse(args[++i]); break;
                case "--rounds": rounds = int.Parse(args[++i]); break;
                case "--scale": scale = int.Parse(args[++i]); break;
                case "--no-proxy": proxy = false; break;
                case "--quick": quick = true; break;
                case "--serve": serve = true; break;
                case "--gateway-dll": dll = args[++i]; break;
                case "--work": work = args[++i]; break;
                case "--fanout": fanOut = true; break;
                case "--fanout-clusters": fanOutClusters = int.Parse(args[++i]); break;
                case "--fanout-latency": fanOutLatency = int.Parse(args[++i]); break;
                case "--gateway-arg": gatewayArgs.Add(args[++i]); break;
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }

        if (quick)
        {
            duration = 2;
            warmup = 1;
            rounds = 1;
        }

        // run.sh publishes the gateway there (Release, ReadyToRun, as the image ships it).
        dll ??= Path.Combine(AppContext.BaseDirectory, "../../gateway/ClusterGateway.Gateway.dll");
        work ??= Path.Combine(Path.GetTempPath(), "cg-bench-" + Environment.ProcessId);
        return new BenchOptions(duration, warmup, scale ?? (quick ? 500 : 10_000), proxy, Path.GetFullPath(dll), work, quick, serve, rounds)
        {
            FanOut = fanOut, FanOutClusters = fanOutClusters, FanOutLatencyMs = fanOutLatency, GatewayArgs = gatewayArgs,
        };
    }
}
