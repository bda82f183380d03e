using System.Security.Cryptography;
using System.Text;
using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Kube.Models;
using Microsoft.Net.Http.Headers;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// Bearer-token authentication with one token (<c>--token</c>, or generated at start and written to the kubeconfig of
/// <c>--write-kubeconfig</c>). Anything else gets 401 Unauthorized as a Status, like kube-apiserver. Health paths
/// (<c>/healthz</c>, <c>/livez</c>, <c>/readyz</c>) and <c>/version</c> are always allowed, as on kube-apiserver.
/// </summary>
internal sealed class LocalTokenAuthentication(string token)
{
    // The delegated authorizer's always-allowed paths, plus /version, which kube-apiserver serves to everyone
    // (ClusterRole system:public-info-viewer).
    private static readonly string[] AlwaysAllowed = ["/healthz", "/livez", "/readyz", "/version"];

    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    /// <summary>Generates a random 256-bit token (base64url).</summary>
    /// <returns>The token.</returns>
    public static string GenerateToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The middleware: passes authenticated requests on, answers the rest with 401.</summary>
    /// <param name="context">The request.</param>
    /// <param name="next">The rest of the pipeline.</param>
    /// <returns>A task that completes with the response.</returns>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (IsAlwaysAllowed(context.Request.Path) || IsAuthenticated(context.Request))
        {
            await next(context);
            return;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        await StatusResponses.WriteAsync(context, Status.Failure(401, "Unauthorized", "Unauthorized"));
    }

    private static bool IsAlwaysAllowed(PathString path) =>
        AlwaysAllowed.Any(p => path.Equals(p, StringComparison.Ordinal));

    private bool IsAuthenticated(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, _token);
    }
}
