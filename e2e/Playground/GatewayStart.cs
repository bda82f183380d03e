using System.Net;
using System.Net.Sockets;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Hosting;

namespace ClusterGateway.Playground;

/// <summary>Starts the gateway in-process as its Program.cs does, in local mode over the playground's folder.</summary>
internal static class GatewayStart
{
    public static async Task<GatewayApp> StartAsync(PlaygroundOptions playground, string clustersDir,
        CancellationToken cancellationToken)
    {
        var port = playground.Port;
        if (!playground.PortGiven && !IsFree(port))
        {
            // The default port is taken (e.g. by the quickstart's gateway): any free port will do.
            Console.WriteLine($"Port {port} is in use; the gateway takes a free port instead.");
            port = 0;
        }

        return await StartAsync(port, playground, clustersDir, cancellationToken);
    }

    private static bool IsFree(int port)
    {
        // Probed rather than caught from the start: a failed start logs the bind error with its stack trace.
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static Task<GatewayApp> StartAsync(int port, PlaygroundOptions playground, string clustersDir,
        CancellationToken cancellationToken)
    {
        // The same flags a user would pass to the gateway binary, read by its own options reader.
        var options = GatewayOptions.From(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?>
            {
                [GatewayFlags.ClustersDir.Name] = clustersDir,
                [GatewayFlags.SecurePort.Name] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [GatewayFlags.WriteKubeconfig.Name] = playground.Kubeconfig,
                // Ctrl-C should not wait long for anything but the watches, which end at once anyway.
                [GatewayFlags.ShutdownGracePeriod.Name] = "5s",
            }).Build());
        return GatewayApp.StartAsync(options,
            logging => ConsoleLogging.Configure(logging, options.LogFormat, options.Verbosity), cancellationToken);
    }
}
