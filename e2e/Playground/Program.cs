using System.Runtime.InteropServices;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Playground;

// Two in-memory managed clusters and the gateway in local mode over them, in this one process: Ctrl-C or SIGTERM
// stops the gateway (its graceful shutdown), then the clusters, and removes the temporary work directory.
PlaygroundOptions options;
try
{
    options = PlaygroundOptions.Parse(args);
}
catch (FormatException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}\n\n{PlaygroundOptions.Usage}");
    return 2;
}

if (options.Help)
{
    Console.WriteLine(PlaygroundOptions.Usage);
    return 0;
}

using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    // Keep the process alive until everything has stopped; the gateway's host reacts to the same signal.
    context.Cancel = true;
    stop.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

var ownsDir = options.Dir is null;
var workDir = options.Dir is { } dir
    ? Path.GetFullPath(dir)
    : Directory.CreateTempSubdirectory("cluster-gateway-playground-").FullName;
try
{
    await using var clusters = await ManagedClusters.StartAsync(stop.Token);
    var clustersDir = Path.Combine(workDir, "clusters");
    clusters.WriteClusterFiles(clustersDir);

    await using var gateway = await GatewayStart.StartAsync(options, clustersDir, stop.Token);
    if (!await gateway.Registry.WaitForAsync(r => clusters.Names.All(n => r.Snapshot.TryGetValue(n, out var e) && e.IsValid),
            TimeSpan.FromSeconds(30), stop.Token))
    {
        await Console.Error.WriteLineAsync("error: the gateway did not load the playground's clusters from " + clustersDir);
        return 1;
    }

    Console.WriteLine(Instructions.Render(gateway.Url, options.Kubeconfig, clustersDir, clusters.Names));
    await Task.WhenAny(gateway.WaitForShutdownAsync(), Task.Delay(Timeout.Infinite, stop.Token));
    Console.WriteLine("Stopping the playground ...");
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.WriteLine("Stopped before the playground was ready.");
}
catch (Exception e) when (GatewayApp.IsStartupError(e) || e is GatewayOptionsException)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 1;
}
finally
{
    if (ownsDir)
    {
        Directory.Delete(workDir, recursive: true);
    }
}

Console.WriteLine("Playground stopped.");
return 0;
