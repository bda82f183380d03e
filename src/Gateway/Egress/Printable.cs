namespace ClusterGateway.Gateway.Egress;

/// <summary>Makes text from a proxy server or agent safe to quote in a Status message.</summary>
internal static class Printable
{
    private const int MaxLength = 256;

    /// <summary>Keeps printable ASCII (others become <c>?</c>) and at most 256 characters.</summary>
    /// <param name="text">Untrusted text.</param>
    /// <returns>The clipped text.</returns>
    public static string Clip(string text)
    {
        var clipped = text.Length > MaxLength ? text[..MaxLength] + "..." : text;
        return string.Create(clipped.Length, clipped, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] is >= ' ' and <= '~' ? source[i] : '?';
            }
        }).Trim();
    }
}
