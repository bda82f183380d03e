using ClusterGateway.AddonManager.Configuration;
using ClusterGateway.AddonManager.Hosting;
using ClusterGateway.Hosting;

// Composition root: parse the upstream flags and NAMESPACE, start informers, leader election, controllers, probes and
// metrics, and wait for SIGTERM/Ctrl+C (exit 1 after a lost leadership, so the pod restarts as a follower).
var commandLine = new AddonManagerCommandLine();
commandLine.Command.SetAction(async (parse, cancellationToken) =>
{
    AddonManagerOptions options;
    try
    {
        options = commandLine.ToOptions(parse, Environment.GetEnvironmentVariable,
            () => File.Exists(AddonManagerCommandLine.ServiceAccountNamespaceFile)
                ? File.ReadAllText(AddonManagerCommandLine.ServiceAccountNamespaceFile)
                : null);
        BindAddress.Parse(options.MetricsBindAddress);
    }
    catch (AddonManagerOptionsException e)
    {
        await Console.Error.WriteLineAsync($"error: {e.Message}");
        return 2;
    }

    AddonManagerApp app;
    try
    {
        app = await AddonManagerApp.StartAsync(options, logging => ConsoleLogging.Configure(logging, "text", 0),
            cancellationToken, tracing: Tracing.FromEnvironment(Environment.GetEnvironmentVariable));
    }
    catch (AddonManagerOptionsException e)
    {
        await Console.Error.WriteLineAsync($"error: {e.Message}");
        return 2;
    }

    await using var running = app;
    await app.WaitForShutdownAsync();
    return app.ExitCode;
});

return await commandLine.Command.Parse(args).InvokeAsync();
