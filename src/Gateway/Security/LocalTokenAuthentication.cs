using System.Security.Cryptography;
using System.Runtime.InteropServices;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// The gateway's own bearer token (<c>--token</c>, or generated at start and written to the kubeconfig of
/// <c>--write-kubeconfig</c>): it authenticates as <see cref="KubeUser.Local"/> (group <c>system:masters</c>) without a
/// TokenReview. In local mode it is the only credential; in hub mode <see cref="GatewayAuthenticator"/> checks it
/// before asking the hub.
/// </summary>
internal sealed class LocalTokenAuthentication(string token)
{
    private readonly string _token = token;

    /// <summary>Generates a random 256-bit token (base64url).</summary>
    /// <returns>The token.</returns>
    public static string GenerateToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Whether <paramref name="presented"/> is the gateway's token (constant-time comparison).</summary>
    /// <param name="presented">A bearer token from a request.</param>
    /// <returns><see langword="true"/> for the gateway's token.</returns>
    public bool Matches(ReadOnlySpan<char> presented) =>
        // Compared as the UTF-16 code units, so a request's check allocates nothing.
        CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(presented), MemoryMarshal.AsBytes(_token.AsSpan()));
}
