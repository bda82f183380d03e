using System.CommandLine;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Hosting;

// Composition root: parse flags (System.CommandLine renders --help), layer them over CLUSTERGATEWAY_* environment
// variables, start the gateway and wait for SIGTERM/Ctrl+C.
var (command, flags) = GatewayCommandLine.Build();
command.SetAction(async (parse, cancellationToken) =>
{
    GatewayOptions options;
    try
    {
        var values = GatewayCommandLine.ToConfiguration(parse, flags, Environment.GetEnvironmentVariable);
        options = GatewayOptions.From(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }
    catch (GatewayOptionsException e)
    {
        await Console.Error.WriteLineAsync($"error: {e.Message}");
        return 2;
    }

    GatewayApp gateway;
    try
    {
        gateway = await GatewayApp.StartAsync(options,
            logging => ConsoleLogging.Configure(logging, options.LogFormat, options.Verbosity), cancellationToken,
            Tracing.FromEnvironment(Environment.GetEnvironmentVariable));
    }
    catch (Exception e) when (GatewayApp.IsStartupError(e))
    {
        // Bad flags, missing files, an unusable kubeconfig or certificate: say what, not where in the code.
        await Console.Error.WriteLineAsync($"error: {e.Message}");
        return 1;
    }

    await using var running = gateway;
    Console.WriteLine($"ClusterGateway is serving on {gateway.Url}");
    if (options.WriteKubeconfig is { } kubeconfig)
    {
        Console.WriteLine($"Kubeconfig written to {kubeconfig}; try: kubectl --kubeconfig {kubeconfig} get clustergateways");
    }

    await gateway.WaitForShutdownAsync();
    return 0;
});

// No System.CommandLine signal handling: it would end the process 2 s after SIGTERM, whatever
// --shutdown-grace-period says. The host handles SIGTERM and Ctrl+C (GracefulShutdown).
return await command.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
