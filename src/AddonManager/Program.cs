using ClusterGateway.AddonManager.Configuration;
using ClusterGateway.AddonManager.Hosting;
using ClusterGateway.AddonManager.Observability;

// Composition root: parse the upstream flags and NAMESPACE, start the probe server, wait for SIGTERM/Ctrl+C.
// Reconcilers are not wired yet (issue 6).
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
        app = await AddonManagerApp.StartAsync(options, AddonManagerLogging.Configure, cancellationToken);
    }
    catch (AddonManagerOptionsException e)
    {
        await Console.Error.WriteLineAsync($"error: {e.Message}");
        return 2;
    }

    await using var running = app;
    await app.WaitForShutdownAsync();
    return 0;
});

return await commandLine.Command.Parse(args).InvokeAsync();
