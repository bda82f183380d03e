using ClusterGateway.Benchmark;

// Runs the proxy-path benchmark and the scale mode once, on this machine, and prints markdown to stdout
// (progress goes to stderr). See run.sh.
var options = BenchOptions.Parse(args);
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
// SIGTERM too (a background job ignores SIGINT): stop cleanly, taking nginx and the gateway down.
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        cts.Cancel();
    });
var ct = cts.Token;
Directory.CreateDirectory(options.WorkDir);
Console.Error.WriteLine($"work directory: {options.WorkDir}; gateway: {options.GatewayDll}");
var pki = Pki.Create(Path.Combine(options.WorkDir, "pki"));
var upstreamToken = "upstream-" + Guid.NewGuid().ToString("N");

Console.WriteLine($"Benchmark {Machine.Describe()}; load average before: {Machine.LoadAverage()}");
if (options.GatewayArgs.Count > 0)
{
    Console.WriteLine($"Gateway flags added to its defaults: {string.Join(' ', options.GatewayArgs)}");
}
Console.WriteLine();
if (options.FanOut)
{
    Console.WriteLine($"Fan-out ({options.FanOutClusters} clusters, hub mode):");
    Console.WriteLine();
    Console.Write(await FanOutBenchmark.RunAsync(options, pki, ct));
    Console.WriteLine($"- load average after the fan-out run: {Machine.LoadAverage()}");
    return;
}

if (options.Serve)
{
    await using var nginx = await NginxUpstream.StartAsync(Path.Combine(options.WorkDir, "nginx"), pki, upstreamToken, ct);
    await ProxyBenchmark.ServeAsync(options, pki, nginx, upstreamToken, ct);
    return;
}

if (options.Proxy)
{
    await using var nginx = await NginxUpstream.StartAsync(Path.Combine(options.WorkDir, "nginx"), pki, upstreamToken, ct);
    Console.WriteLine($"Proxy path: TLS in and out, nginx upstream (12-item ConfigMapList), {options.Rounds} rounds of " +
        $"{options.DurationSeconds} s per target and cell after {options.WarmupSeconds} s warm-up; HTTP/1.1 with wrk (p50/p99 from --latency), " +
        "HTTP/2 with h2load (p50/p99 from its per-request log).");
    Console.WriteLine();
    Console.WriteLine(await ProxyBenchmark.RunAsync(options, pki, nginx, upstreamToken, ct));
    Console.WriteLine($"Load average after the proxy runs: {Machine.LoadAverage()}");
    Console.WriteLine();
}

if (options.ScaleClusters > 0)
{
    Console.WriteLine($"Scale ({options.ScaleClusters:N0} clusters):");
    Console.WriteLine();
    await using (var local = new LocalScaleSource(options, pki))
    {
        Console.Write(await ScaleBenchmark.RunAsync(options, local, pki, "gateway-scale-local.log", ct));
    }

    try
    {
        await using var hub = new HubScaleSource(options, pki);
        Console.Write(await ScaleBenchmark.RunAsync(options, hub, pki, "gateway-scale-hub.log", ct));
    }
    catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
    {
        Console.WriteLine($"- hub mode: not measured ({e.GetType().Name}: {e.Message.Split('\n')[0]})");
    }

    Console.WriteLine($"- load average after the scale run: {Machine.LoadAverage()}");
}
