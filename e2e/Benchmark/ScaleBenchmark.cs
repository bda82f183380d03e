using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ClusterGateway.Benchmark;

/// <summary>Scale mode, local mode: N cluster files. Time to ready (<c>/readyz</c> 200 and a list with N items,
/// from process start), list latency (JSON and Table, measured at the client on loopback, median of 5), time for
/// one file update to be visible (polling that cluster's GET), and VmRSS after rewriting all N files one by one.</summary>
internal static class ScaleBenchmark
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io";

    public static async Task<string> RunAsync(BenchOptions o, IScaleSource source, Pki pki, string logName, CancellationToken ct)
    {
        var n = o.ScaleClusters;
        await source.PopulateAsync(n, ct);

        var sb = new StringBuilder();
        var line = (string s) =>
        {
            sb.AppendLine(s);
            Console.Error.WriteLine("  " + s);
        };
        var started = Stopwatch.StartNew();
        await using var gateway = source.StartGateway(Path.Combine(o.WorkDir, logName));
        using var client = gateway.Client(pki);
        await gateway.WaitReadyAsync(client, TimeSpan.FromMinutes(5), ct);
        var readyz = started.Elapsed;
        while (await CountAsync(client, ct) != n)
        {
            if (started.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"list never returned {n} items; see {gateway.Log}");
            }

            await Task.Delay(50, ct);
        }

        var ready = started.Elapsed;
        line(string.Create(CultureInfo.InvariantCulture,
            $"- {source.Mode}, {n:N0} clusters: ready in {ready.TotalSeconds:0.00} s from process start (/readyz 200 after {readyz.TotalSeconds:0.00} s), RSS {gateway.RssMiB():0} MiB"));

        var json = await ListLatencyAsync(client, "application/json", ct);
        var table = await ListLatencyAsync(client, TableAccept, ct);
        line(string.Create(CultureInfo.InvariantCulture,
            $"- list (client on loopback, median of 5): JSON {json.Ms:0.0} ms ({json.Bytes / 1024.0 / 1024:0.0} MiB), Table {table.Ms:0.0} ms ({table.Bytes / 1024.0 / 1024:0.0} MiB)"));

        var probe = Name(n / 2);
        var update = Stopwatch.StartNew();
        source.Update(n / 2, "https://127.0.0.1:7001", 1);
        var visible = await VisibleAsync(client, probe, "127.0.0.1:7001", TimeSpan.FromMinutes(2), ct);
        line(visible
            ? string.Create(CultureInfo.InvariantCulture, $"- one update visible (GET of that cluster) after {update.Elapsed.TotalMilliseconds:0} ms")
            : "- one update: NOT visible within 2 min");

        var updates = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            source.Update(i, "https://127.0.0.1:7002", 2);
        }

        var written = updates.Elapsed;
        var last = await VisibleAsync(client, Name(n - 1), "127.0.0.1:7002", TimeSpan.FromMinutes(10), ct);
        var first = await VisibleAsync(client, Name(0), "127.0.0.1:7002", TimeSpan.FromMinutes(1), ct);
        line(last && first
            ? string.Create(CultureInfo.InvariantCulture,
                $"- {n:N0} updates written one by one in {written.TotalSeconds:0.0} s, all visible after {updates.Elapsed.TotalSeconds:0.0} s; RSS then {gateway.RssMiB():0} MiB")
            : string.Create(CultureInfo.InvariantCulture, $"- {n:N0} updates: NOT all visible within 10 min; RSS {gateway.RssMiB():0} MiB"));
        return sb.ToString();
    }

    private static string Name(int i) => ScaleNames.Of(i);

    private static async Task<int> CountAsync(HttpClient client, CancellationToken ct)
    {
        using var r = await client.GetAsync(GatewayProcess.ApiPath, ct);
        if (!r.IsSuccessStatusCode)
        {
            return -1;
        }

        await using var s = await r.Content.ReadAsStreamAsync(ct);
        using var doc = await JsonDocument.ParseAsync(s, cancellationToken: ct);
        return doc.RootElement.TryGetProperty("items", out var items) ? items.GetArrayLength() : -1;
    }

    private static async Task<(double Ms, long Bytes)> ListLatencyAsync(HttpClient client, string accept, CancellationToken ct)
    {
        var samples = new List<double>();
        long bytes = 0;
        for (var i = 0; i < 6; i++)
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, GatewayProcess.ApiPath);
            req.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
            var sw = Stopwatch.StartNew();
            using var r = await client.SendAsync(req, HttpCompletionOption.ResponseContentRead, ct);
            var body = await r.Content.ReadAsByteArrayAsync(ct);
            sw.Stop();
            r.EnsureSuccessStatusCode();
            bytes = body.Length;
            if (i > 0)
            {
                samples.Add(sw.Elapsed.TotalMilliseconds); // the first one warms up the path
            }
        }

        return (Stats.Median(samples), bytes);
    }

    private static async Task<bool> VisibleAsync(HttpClient client, string name, string marker, TimeSpan timeout, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            using var r = await client.GetAsync(GatewayProcess.ApiPath + "/" + name, ct);
            if (r.IsSuccessStatusCode && (await r.Content.ReadAsStringAsync(ct)).Contains(marker, StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(2, ct);
        }

        return false;
    }
}
