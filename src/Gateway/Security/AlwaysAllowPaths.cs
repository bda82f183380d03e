using ClusterGateway.Gateway.Apiserver;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// Non-resource paths served without authorization (<c>--authorization-always-allow-paths</c>, default
/// <c>/healthz,/readyz,/livez</c>), a port of k8s.io/apiserver pkg/authorization/path/path.go: exact paths, or
/// prefixes written with one trailing <c>*</c>; a leading slash is ignored. <c>/version</c> is always public too
/// (kube-apiserver grants it to everyone via ClusterRole <c>system:public-info-viewer</c>). Public paths are also served
/// to unauthenticated callers (kubelet probes), instead of 401.
/// </summary>
internal sealed class AlwaysAllowPaths
{
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal) { "version" };
    private readonly List<string> _prefixes = [];

    /// <summary>Compiles the path list.</summary>
    /// <param name="paths">Paths such as <c>/healthz</c> or <c>/debug/*</c>.</param>
    /// <exception cref="InvalidOperationException">A <c>*</c> that is not the last character.</exception>
    public AlwaysAllowPaths(IEnumerable<string> paths)
    {
        foreach (var raw in paths)
        {
            var path = TrimSlash(raw);
            if (path.Length > 0 && path[..^1].Contains('*', StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"--authorization-always-allow-paths: only trailing * allowed in \"{path}\"");
            }

            if (path.EndsWith('*'))
            {
                _prefixes.Add(path[..^1]);
            }
            else
            {
                _paths.Add(path);
            }
        }
    }

    /// <summary>Whether <paramref name="info"/> is a public non-resource request (resource requests never are).</summary>
    /// <param name="info">The parsed request.</param>
    /// <returns><see langword="true"/> when no authorization is needed.</returns>
    public bool Allows(RequestInfo info)
    {
        if (info.IsResourceRequest)
        {
            return false;
        }

        var path = TrimSlash(info.Path);
        if (_paths.Contains(path))
        {
            return true;
        }

        foreach (var prefix in _prefixes)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // Go: strings.TrimPrefix(p, "/").
    private static string TrimSlash(string path) => path.StartsWith('/') ? path[1..] : path;
}
