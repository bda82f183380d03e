using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Gateway.Observability;

namespace ClusterGateway.Playground;

/// <summary>Starts the gateway in-process as its Program.cs does, in local mode over the playground's folder.</summary>
internal static class GatewayStart
{
    public static async Task<GatewayApp> StartAsync(PlaygroundOptions playground, string clustersDir,
        CancellationToken cancellationToken)
    {
        try
        {
            return await StartAsync(playground.Port, playground, clustersDir, cancellationToken);
        }
        catch (IOException) when (!playground.PortGiven)
        {
            // The default port is taken (e.g. by the quickstart's gateway): any free port will do.
            Console.WriteLine($"Port {playground.Port} is in use; the gateway takes a free port instead.");
            return await StartAsync(0, playground, clustersDir, cancellationToken);
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
            logging => SerilogSetup.Configure(logging, options.LogFormat, options.Verbosity), cancellationToken);
    }
}
