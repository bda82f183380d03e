using System.Text;

namespace ClusterGateway.AddonManager.Certificates;

/// <summary>
/// Secret data keys and PEM helpers shared by the signer and serving state, so both secrets follow the
/// <c>kubernetes.io/tls</c> layout the gateway and kubectl understand.
/// </summary>
internal static class SecretDataKeys
{
    /// <summary>The certificate PEM (<c>kubernetes.io/tls</c>).</summary>
    public const string Certificate = "tls.crt";

    /// <summary>The private key PEM (<c>kubernetes.io/tls</c>).</summary>
    public const string PrivateKey = "tls.key";

    /// <summary>The previous signer CA PEM, kept during a rotation overlap so old serving certificates stay trusted.</summary>
    public const string PreviousCertificate = "previous-ca.crt";

    /// <summary>Reads a UTF-8 value; null when the key is absent or empty.</summary>
    /// <param name="data">The Secret's data.</param>
    /// <param name="key">The key to read.</param>
    /// <returns>The text, or null.</returns>
    public static string? Read(IReadOnlyDictionary<string, byte[]> data, string key) =>
        data.TryGetValue(key, out var bytes) && bytes is { Length: > 0 } ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>Encodes text as UTF-8 Secret data.</summary>
    /// <param name="text">The PEM text.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Write(string text) => Encoding.UTF8.GetBytes(text);
}
