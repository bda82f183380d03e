using System.Text;

namespace ClusterGateway.Gateway.Tests.Proxy.Paths;

/// <summary>
/// Proxied sub-paths built from the pieces that have escaped path checks elsewhere: separators (<c>/</c>,
/// <c>\</c>, <c>%2F</c>, <c>%5C</c>), dots (<c>.</c>, <c>..</c>, <c>%2e</c>, overlong UTF-8 <c>%C0%AE</c>, the
/// Unicode lookalikes U+2024/U+2025/U+FE52/U+FF0E raw and percent-encoded), <c>;</c>, NUL and line breaks, <c>#</c>,
/// <c>?</c>, malformed and non-UTF-8 escapes (a raw space or tab would end the request target on the wire, so they
/// are left out), next to ordinary API path pieces so that many paths are valid.
/// Deterministic for a seed.
/// </summary>
internal static class GeneratedPaths
{
    private static readonly string[] Starts =
    [
        "/api/v1/namespaces/a/configmaps/", "/api/v1/namespaces/", "/apis/apps/v1/namespaces/a/deployments/",
        "/api/v1/", "/apis/", "/", "/version/", "/api/v1/namespaces/a/pods/p/",
    ];

    private static readonly string[] Ordinary =
    [
        "a", "x", "kube-system", "secrets", "configmaps", "pods", "log", "status", "v1", "admin-token", "c1", "k8s",
        "clusters", "x.y", "..a", "a..", ".a", "~u", "s:p:80", "@", "%41", "%20", "%7E", "%3B", "A-Z_0",
    ];

    private static readonly string[] Tricky =
    [
        "/", "//", "\\", "%2F", "%2f", "%5C", "%5c", ".", "..", "%2e", "%2E", "%2e%2e", ".%2e", "%2e.", ";", ";x=1",
        "%00", "%0a", "%0D", "%1b", "%7F", "\u2024", "\u2025", "\uFF0E", "\uFE52", "%E2%80%A4", "%E2%80%A5",
        "%EF%BC%8E", "%EF%BC%8F", "%EF%BC%BC", "%C0%AE", "%FF", "%", "%2", "%zz", "#", "%23", "?", "%3F", "%25",
        "%252e", "é", "%C3%A9", "\"", "|", "{", "^",
    ];

    private static readonly string[] Queries =
    [
        "", "", "", "?watch=1", "?limit=5", "?fieldSelector=metadata.name%3Dx", "?a=%zz", "?a=b#c", "?x=\\y", "?w=..%2F",
    ];

    /// <summary>One sub-path (starting with <c>/</c>) and query (empty or starting with <c>?</c>).</summary>
    /// <param name="random">The seeded source.</param>
    /// <returns>The raw rest and query.</returns>
    public static (string Path, string Query) Next(Random random)
    {
        var builder = new StringBuilder(Starts[random.Next(Starts.Length)]);
        var pieces = random.Next(1, 7);
        for (var i = 0; i < pieces; i++)
        {
            var pool = random.Next(3) == 0 ? Tricky : Ordinary;
            builder.Append(pool[random.Next(pool.Length)]);
            if (random.Next(2) == 0)
            {
                builder.Append('/');
            }
        }

        return (builder.ToString(), Queries[random.Next(Queries.Length)]);
    }
}
