using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ClusterGateway.Benchmark;

/// <summary>One measured cell: requests per second, latency percentiles in microseconds, and bytes per second.</summary>
internal sealed record Cell(double RequestsPerSecond, double P50Us, double P99Us, double MiBPerSecond, long Errors);

/// <summary>wrk (HTTP/1.1) and h2load (HTTP/2) as child processes, their output parsed.</summary>
internal static partial class LoadGenerators
{
    public static async Task<Cell> WrkAsync(string url, string token, int connections, int seconds, CancellationToken ct)
    {
        var threads = Math.Min(connections, Environment.ProcessorCount);
        var output = await RunAsync("wrk", ct, "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", seconds + "s", "--latency",
            "-H", "Authorization: Bearer " + token, url);
        var rps = double.Parse(Match(RequestsPerSec(), output), CultureInfo.InvariantCulture);
        var transfer = TransferPerSec().Match(output);
        var mib = transfer.Success ? Bytes(transfer.Groups[1].Value, transfer.Groups[2].Value) / (1024.0 * 1024) : 0;
        var errors = 0L;
        var non2xx = Non2xx().Match(output);
        if (non2xx.Success)
        {
            errors += long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        var socketErrors = SocketErrors().Match(output);
        if (socketErrors.Success)
        {
            errors += socketErrors.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture));
        }

        return new Cell(rps, WrkLatency(output, "50%"), WrkLatency(output, "99%"), mib, errors);
    }

    public static async Task<Cell> H2loadAsync(
        string url, string token, int connections, int streams, int warmup, int seconds, string logFile, CancellationToken ct)
    {
        File.Delete(logFile);
        var output = await RunAsync("h2load", ct, "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-m", streams.ToString(CultureInfo.InvariantCulture),
            "-t", Math.Min(connections, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture),
            "-D", seconds.ToString(CultureInfo.InvariantCulture),
            "--warm-up-time=" + warmup.ToString(CultureInfo.InvariantCulture),
            "-H", "authorization: Bearer " + token, "--log-file=" + logFile, url);
        var rps = double.Parse(Match(H2Rps(), output), CultureInfo.InvariantCulture);
        var failed = long.Parse(Match(H2Failed(), output), CultureInfo.InvariantCulture);
        var non2xx = H2Status().Match(output);
        var errors = failed + (non2xx.Success
            ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) + long.Parse(non2xx.Groups[2].Value, CultureInfo.InvariantCulture)
            : 0);
        // Per-request log: start (µs since epoch) \t status \t µs until the end of the response.
        var latencies = File.ReadLines(logFile)
            .Select(l => l.Split('\t'))
            .Where(f => f.Length >= 3)
            .Select(f => double.Parse(f[2], CultureInfo.InvariantCulture))
            .Order()
            .ToArray();
        return new Cell(rps, Percentile(latencies, 0.50), Percentile(latencies, 0.99), 0, errors);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static double WrkLatency(string output, string percentile)
    {
        var m = Regex.Match(output, @"^\s*" + Regex.Escape(percentile) + @"\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!m.Success)
        {
            return double.NaN;
        }

        var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => v, "ms" => v * 1000, _ => v * 1_000_000 };
    }

    // wrk prints binary units (1 MB = 1024 KB).
    private static double Bytes(string value, string unit) =>
        double.Parse(value, CultureInfo.InvariantCulture) * unit switch
        {
            "KB" => 1024.0,
            "MB" => 1024.0 * 1024,
            "GB" => 1024.0 * 1024 * 1024,
            _ => 1.0,
        };

    private static string Match(Regex regex, string output)
    {
        var m = regex.Match(output);
        return m.Success ? m.Groups[1].Value : throw new InvalidOperationException("unexpected load generator output:\n" + output);
    }

    private static async Task<string> RunAsync(string file, CancellationToken ct, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException(file + " did not start");
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        var output = await stdout + await stderr;
        return p.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} exited with {p.ExitCode}:\n{output}");
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSec();

    [GeneratedRegex(@"Transfer/sec:\s+([\d.]+)(B|KB|MB|GB)")]
    private static partial Regex TransferPerSec();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"finished in [\d.]+\w+, ([\d.]+) req/s")]
    private static partial Regex H2Rps();

    [GeneratedRegex(@"requests: \d+ total, \d+ started, \d+ done, \d+ succeeded, (\d+) failed")]
    private static partial Regex H2Failed();

    [GeneratedRegex(@"status codes: \d+ 2xx, \d+ 3xx, (\d+) 4xx, (\d+) 5xx")]
    private static partial Regex H2Status();
}
