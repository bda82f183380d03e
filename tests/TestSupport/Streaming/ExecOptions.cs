using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport.Streaming;

/// <summary>The query of <c>pods/{name}/exec</c> and <c>/attach</c> (core/v1 PodExecOptions, PodAttachOptions).</summary>
internal sealed record ExecOptions(IReadOnlyList<string> Command, string? Container, bool Stdin, bool Stdout,
    bool Stderr, bool Tty)
{
    /// <summary>Parses and validates the query like the apiserver does (400 BadRequest on nonsense).</summary>
    public static ExecOptions Parse(IQueryCollection query, bool attach)
    {
        var options = new ExecOptions(
            [.. query["command"].Select(c => c ?? string.Empty)],
            query["container"].FirstOrDefault(),
            Flag(query, "stdin"),
            Flag(query, "stdout"),
            Flag(query, "stderr"),
            Flag(query, "tty"));
        if (!options.Stdin && !options.Stdout && !options.Stderr)
        {
            throw FakeApiException.BadRequest("you must specify at least 1 of stdin, stdout, stderr");
        }

        if (!attach && options.Command.Count == 0)
        {
            throw FakeApiException.BadRequest("you must specify at least one command for the container");
        }

        return options;
    }

    private static bool Flag(IQueryCollection query, string name) =>
        query[name].FirstOrDefault() is "true" or "1";
}
