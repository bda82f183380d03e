using System.Reflection;
using System.Runtime.InteropServices;

namespace ClusterGateway.Gateway.Hosting;

/// <summary>
/// <c>GET /version</c>: <c>version.Info</c> as kube-apiserver serves it (k8s.io/apimachinery pkg/version/types.go),
/// describing this gateway build. kubectl calls it (<c>kubectl version</c>, some discovery paths).
/// </summary>
internal static class VersionEndpoint
{
    /// <summary>Maps <c>/version</c>.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapVersionEndpoint(this IEndpointRouteBuilder endpoints)
    {
        var assembly = typeof(VersionEndpoint).Assembly;
        var version = assembly.GetName().Version ?? new Version(0, 1, 0);
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var info = new Dictionary<string, string>
        {
            ["major"] = version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["minor"] = version.Minor.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["gitVersion"] = $"v{version.Major}.{version.Minor}.{version.Build}",
            ["gitCommit"] = informational?.Split('+') is [_, var commit] ? commit : "",
            ["gitTreeState"] = "",
            ["buildDate"] = "",
            ["goVersion"] = RuntimeInformation.FrameworkDescription,
            ["compiler"] = "dotnet",
            ["platform"] = RuntimeInformation.RuntimeIdentifier,
        };
        endpoints.MapGet("/version", () => Results.Json(info));
        return endpoints;
    }
}
