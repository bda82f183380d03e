using System.Diagnostics;
using System.Net.Sockets;

namespace ClusterGateway.Benchmark;

internal static class Wait
{
    public static async Task ForPortAsync(int port, Process process, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode}");
            }

            try
            {
                using var c = new TcpClient();
                await c.ConnectAsync("127.0.0.1", port, ct);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, ct);
            }
        }

        throw new TimeoutException($"port {port} did not open");
    }
}
