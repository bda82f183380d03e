namespace ClusterGateway.Gateway.Configuration;

/// <summary>
/// One command-line flag of the gateway. Flags keep the upstream (Go) names so the binary is a drop-in replacement;
/// each is also read from configuration (key = flag name without dashes, e.g. <c>secret-namespace</c>) and from the
/// environment (<c>CLUSTERGATEWAY_SECRET_NAMESPACE</c>). Precedence: command line, environment, configuration files.
/// </summary>
/// <param name="Name">Flag name without the leading <c>--</c>.</param>
/// <param name="Kind">Value kind.</param>
/// <param name="Default">Default value as text (shown in <c>--help</c>); <see langword="null"/> when none.</param>
/// <param name="Description">Help text.</param>
internal sealed record GatewayFlag(string Name, FlagKind Kind, string? Default, string Description)
{
    /// <summary>The environment variable that sets this flag: <c>CLUSTERGATEWAY_</c> + upper snake case.</summary>
    public string EnvironmentVariable => "CLUSTERGATEWAY_" + Name.Replace('-', '_').ToUpperInvariant();
}

/// <summary>Value kind of a <see cref="GatewayFlag"/>.</summary>
internal enum FlagKind
{
    /// <summary>Free text.</summary>
    String,

    /// <summary>A TCP port or count.</summary>
    Int,

    /// <summary><c>--flag</c> alone means true; <c>--flag=false</c> is accepted.</summary>
    Bool,

    /// <summary>A Go duration: <c>10s</c>, <c>1m30s</c>, <c>500ms</c>.</summary>
    Duration,

    /// <summary>Comma-separated values; the flag may also be repeated.</summary>
    List,
}
