using ClusterGateway.Kube.Files;

namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>The global ClientIdentityExchanger rules, from <c>--cluster-gateway-proxy-config</c>.</summary>
/// <param name="Configuration">The rules (empty without the flag).</param>
internal sealed record GlobalProxyConfiguration(ProxyConfiguration Configuration)
{
    /// <summary>Reads and validates the file at startup.</summary>
    /// <param name="path">The flag's value, or <see langword="null"/>.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="InvalidOperationException">The file cannot be read or is invalid (a startup error); the
    /// message names the flag, the file and every invalid rule.</exception>
    public static GlobalProxyConfiguration Load(string? path)
    {
        if (path is null)
        {
            return new GlobalProxyConfiguration(ProxyConfiguration.Empty);
        }

        var fullPath = Path.GetFullPath(path);
        string text;
        try
        {
            text = BoundedFile.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"--cluster-gateway-proxy-config {fullPath} cannot be read: {e.Message}", e);
        }

        try
        {
            return new GlobalProxyConfiguration(ProxyConfigurationParser.Parse(text));
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"--cluster-gateway-proxy-config {fullPath} is invalid: {e.Message}", e);
        }
    }
}
