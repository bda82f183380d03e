using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClusterGateway.Kube.Config;

/// <summary>
/// Configuration of a pod talking to its own cluster, as client-go's <c>rest.InClusterConfig</c>
/// (https://kubernetes.io/docs/tasks/run-application/access-api-from-pod/): server
/// <c>https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT</c>, the service-account token (re-read every minute
/// through a <see cref="FileTokenSource"/>, since the kubelet rotates it), the cluster CA from <c>ca.crt</c> (system
/// roots when that file is missing or unparsable, as client-go) and the pod's namespace.
/// </summary>
public static class InClusterConfig
{
    /// <summary>Where the service-account volume is mounted.</summary>
    public const string DefaultDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    private const string HostVariable = "KUBERNETES_SERVICE_HOST";
    private const string PortVariable = "KUBERNETES_SERVICE_PORT";

    /// <summary>Both service variables are set and the token file exists.</summary>
    public static bool IsAvailable => IsAvailableIn(DefaultDirectory, Environment.GetEnvironmentVariable);

    /// <summary>Loads the configuration from <see cref="DefaultDirectory"/>.</summary>
    /// <returns>Options for <c>KubeClient</c>.</returns>
    /// <exception cref="KubeConfigException">Not in a cluster (variables unset) or the token cannot be read.</exception>
    public static KubeClientOptions Load() => Load(DefaultDirectory);

    /// <summary>Loads the configuration from a service-account directory holding <c>token</c>, <c>ca.crt</c>, <c>namespace</c>.</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="timeProvider">Clock of the token's refresh period.</param>
    /// <returns>Options for <c>KubeClient</c>.</returns>
    /// <exception cref="KubeConfigException">Not in a cluster (variables unset) or the token cannot be read.</exception>
    public static KubeClientOptions Load(string directory, TimeProvider? timeProvider = null) =>
        Load(directory, Environment.GetEnvironmentVariable, timeProvider);

    internal static bool IsAvailableIn(string directory, Func<string, string?> environment) =>
        !string.IsNullOrEmpty(environment(HostVariable)) && !string.IsNullOrEmpty(environment(PortVariable)) &&
        File.Exists(Path.Combine(directory, "token"));

    internal static KubeClientOptions Load(
        string directory, Func<string, string?> environment, TimeProvider? timeProvider)
    {
        var host = environment(HostVariable);
        var port = environment(PortVariable);
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new KubeConfigException(
                $"not running in a cluster: {HostVariable} and {PortVariable} must both be set");
        }

        // net.JoinHostPort: bracket IPv6 literals.
        var authority = IPAddress.TryParse(host, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{host}]:{port}"
            : $"{host}:{port}";
        if (!Uri.TryCreate($"https://{authority}", UriKind.Absolute, out var server))
        {
            throw new KubeConfigException($"{HostVariable}/{PortVariable} do not form a URL: \"{authority}\"");
        }

        var tokenPath = Path.Combine(directory, "token");
        try
        {
            // Fail fast, like client-go, instead of on the first request.
            _ = File.ReadAllText(tokenPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException($"in-cluster token \"{tokenPath}\" cannot be read: {e.Message}", e);
        }

        return new KubeClientOptions
        {
            Server = server,
            CaCertificates = TryReadCa(Path.Combine(directory, "ca.crt")),
            TokenSource = new FileTokenSource(tokenPath, timeProvider: timeProvider),
            Namespace = TryReadText(Path.Combine(directory, "namespace")),
        };
    }

    private static X509Certificate2Collection? TryReadCa(string path)
    {
        try
        {
            return File.Exists(path) ? Pem.ParseCertificates(File.ReadAllBytes(path)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return null;
        }
    }

    private static string? TryReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
