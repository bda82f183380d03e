using ClusterGateway.Gateway.Configuration;
using Microsoft.Extensions.Configuration;

namespace ClusterGateway.Gateway.Tests.Chart;

/// <summary>
/// A container's arguments as the gateway binary reads them (Program.cs): System.CommandLine parse with the gateway's
/// options (an unknown flag is an error), then <see cref="GatewayOptions.From"/> (a malformed value or an invalid
/// combination throws), with an empty environment.
/// </summary>
internal static class GatewayArgs
{
    /// <summary>The parse errors (empty when every argument is a gateway flag) and, without errors, the options.</summary>
    public static (IReadOnlyList<string> Errors, GatewayOptions? Options) Parse(IReadOnlyList<string> args)
    {
        var (command, flags) = GatewayCommandLine.Build();
        var result = command.Parse([.. args]);
        if (result.Errors.Count > 0)
        {
            return ([.. result.Errors.Select(e => e.Message)], null);
        }

        var values = GatewayCommandLine.ToConfiguration(result, flags, _ => null);
        return ([], GatewayOptions.From(new ConfigurationBuilder().AddInMemoryCollection(values).Build()));
    }

    /// <summary>The flag name of an argument <c>--name=value</c> (or <c>--name</c>).</summary>
    public static string FlagName(string arg)
    {
        arg.Should().StartWith("--");
        var end = arg.IndexOf('=', StringComparison.Ordinal);
        return end < 0 ? arg[2..] : arg[2..end];
    }
}
