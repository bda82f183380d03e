using System.Globalization;

namespace ClusterGateway.Playground;

/// <summary>The playground's command line: <c>--port</c>, <c>--dir</c>, <c>--kubeconfig</c>, <c>--help</c>.</summary>
internal sealed record PlaygroundOptions
{
    /// <summary>The gateway's default port, as in the README quickstart.</summary>
    public const int DefaultPort = 9443;

    /// <summary>The gateway's HTTPS port; 0 picks a free one.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Whether <c>--port</c> was given: only the default port falls back to a free one when it is taken.</summary>
    public bool PortGiven { get; init; }

    /// <summary>Work directory for the cluster Secret manifests; null: a temporary one, removed on exit.</summary>
    public string? Dir { get; init; }

    /// <summary>Where the kubeconfig for the gateway is written (relative to the current directory).</summary>
    public string Kubeconfig { get; init; } = "gateway.kubeconfig";

    /// <summary><c>--help</c> was given.</summary>
    public bool Help { get; init; }

    public const string Usage = """
        Usage: dotnet run --project e2e/Playground [-- options]

        Starts two in-memory managed clusters (c1, c2) and ClusterGateway in local mode over them, writes a
        kubeconfig for the gateway and prints kubectl commands to try. Ctrl-C stops everything.

        Options:
          --port <port>        The gateway's HTTPS port (default 9443; a free port if 9443 is taken; 0: any free port).
          --dir <dir>          Work directory for the cluster Secret manifests (default: a temporary directory).
          --kubeconfig <path>  Where to write the gateway's kubeconfig (default: gateway.kubeconfig).
          -h, --help           Show this help.
        """;

    /// <summary>Parses <c>--name value</c> and <c>--name=value</c>.</summary>
    /// <exception cref="FormatException">An unknown option, a missing or malformed value.</exception>
    public static PlaygroundOptions Parse(IReadOnlyList<string> args)
    {
        var options = new PlaygroundOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal)
                ? (n, v)
                : (args[i], null);
            string Value() => inline ?? (++i < args.Count ? args[i] : throw new FormatException($"{name} needs a value"));
            options = name switch
            {
                "-h" or "--help" => options with { Help = true },
                "--port" => options with { Port = ParsePort(Value()), PortGiven = true },
                "--dir" => options with { Dir = Value() },
                "--kubeconfig" => options with { Kubeconfig = Value() },
                _ => throw new FormatException($"unknown option {args[i]}"),
            };
        }

        return options;
    }

    private static int ParsePort(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new FormatException($"--port must be a number from 0 to 65535, not \"{value}\"");
}
