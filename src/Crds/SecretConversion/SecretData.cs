using System.Text;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.Crds.SecretConversion;

/// <summary>
/// A Secret's data as the API server would store it: <c>stringData</c> merged over <c>data</c> (hand-written
/// manifests for local mode use <c>stringData</c>; a real API server never returns it).
/// </summary>
internal sealed class SecretData
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Dictionary<string, byte[]> _values = new(StringComparer.Ordinal);

    public SecretData(Secret secret)
    {
        foreach (var (key, value) in secret.Data ?? [])
        {
            _values[key] = value ?? [];
        }

        foreach (var (key, value) in secret.StringData ?? [])
        {
            _values[key] = Encoding.UTF8.GetBytes(value ?? "");
        }
    }

    /// <summary>The raw bytes of <paramref name="key"/>; null when absent or empty.</summary>
    public byte[]? Bytes(string key) => _values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    /// <summary>
    /// The value of <paramref name="key"/> as UTF-8 text with surrounding whitespace (the usual trailing newline of
    /// <c>echo ... | base64</c>) trimmed; null when absent or blank; <paramref name="notText"/> set when not UTF-8.
    /// </summary>
    public string? Text(string key, out bool notText)
    {
        notText = false;
        if (Bytes(key) is not { } bytes)
        {
            return null;
        }

        try
        {
            var text = StrictUtf8.GetString(bytes).Trim();
            return text.Length == 0 ? null : text;
        }
        catch (DecoderFallbackException)
        {
            notText = true;
            return null;
        }
    }

    /// <summary>Like <see cref="Text(string, out bool)"/>, but records "not UTF-8 text" in <paramref name="errors"/>.</summary>
    public string? Text(string key, ConversionErrors errors)
    {
        var text = Text(key, out var notText);
        if (notText)
        {
            errors.Add($"data key \"{key}\" is not UTF-8 text");
        }

        return text;
    }
}
