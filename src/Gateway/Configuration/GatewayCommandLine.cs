using System.CommandLine;

namespace ClusterGateway.Gateway.Configuration;

/// <summary>
/// Parses the gateway's command line with System.CommandLine (which also renders <c>--help</c>) and layers it over
/// the environment: command line, then <c>CLUSTERGATEWAY_*</c> variables, then the given configuration.
/// </summary>
internal static class GatewayCommandLine
{
    /// <summary>Builds the root command: one option per <see cref="GatewayFlags.All"/> entry.</summary>
    /// <returns>The command and a map from option to flag.</returns>
    public static (RootCommand Command, IReadOnlyDictionary<Option, GatewayFlag> Flags) Build()
    {
        var command = new RootCommand(
            "ClusterGateway: the cluster.core.oam.dev aggregated apiserver. Reach many clusters' APIs through " +
            "/apis/cluster.core.oam.dev/v1alpha1/clustergateways/<cluster>/proxy/.");
        var flags = new Dictionary<Option, GatewayFlag>();
        foreach (var flag in GatewayFlags.All)
        {
            Option option = flag.Kind switch
            {
                FlagKind.Bool => new Option<bool>("--" + flag.Name) { Description = Describe(flag) },
                FlagKind.Int => new Option<int>("--" + flag.Name) { Description = Describe(flag) },
                FlagKind.List => new Option<string[]>("--" + flag.Name) { Description = Describe(flag) },
                _ => new Option<string>("--" + flag.Name) { Description = Describe(flag) },
            };
            command.Options.Add(option);
            flags[option] = flag;
        }

        return (command, flags);
    }

    /// <summary>
    /// Turns the explicitly given flags and the <c>CLUSTERGATEWAY_*</c> environment into configuration values
    /// keyed by flag name (command line wins).
    /// </summary>
    /// <param name="result">A successful parse.</param>
    /// <param name="flags">The option map from <see cref="Build"/>.</param>
    /// <param name="environment">Environment lookup (injectable for tests).</param>
    /// <returns>Flag name to raw value.</returns>
    public static Dictionary<string, string?> ToConfiguration(
        ParseResult result, IReadOnlyDictionary<Option, GatewayFlag> flags, Func<string, string?> environment)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (option, flag) in flags)
        {
            if (environment(flag.EnvironmentVariable) is { } fromEnvironment)
            {
                values[flag.Name] = fromEnvironment;
            }

            var given = result.GetResult(option);
            if (given is { Implicit: false })
            {
                values[flag.Name] = given.Tokens.Count == 0 ? "true"
                    : flag.Kind == FlagKind.List ? string.Join(',', given.Tokens.Select(t => t.Value))
                    : given.Tokens[^1].Value;
            }
        }

        return values;
    }

    private static string Describe(GatewayFlag flag) =>
        flag.Default is null
            ? $"{flag.Description} [env: {flag.EnvironmentVariable}]"
            : $"{flag.Description} [default: {flag.Default}] [env: {flag.EnvironmentVariable}]";
}
