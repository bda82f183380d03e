using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>Why one cluster of a fan-out is missing from the answer.</summary>
/// <param name="Cluster">The cluster.</param>
/// <param name="Status">The Status standing for its failure (its code: 403 refused, 503 unreachable, 504 deadline,
/// or what the cluster answered).</param>
internal sealed record FanOutFailure(string Cluster, Status Status)
{
    /// <summary>The reason as one line, for a Warning header and messages.</summary>
    public string Reason => OneLine(Status.Message is { Length: > 0 } message ? message : $"HTTP {Status.Code}");

    /// <summary>
    /// The <c>Warning</c> header value kubectl prints (<c>Warning: cluster c3: ...</c>): code 299, agent <c>-</c>,
    /// the text quoted (RFC 7234 §5.5, as k8s.io/apiserver pkg/warning writes it).
    /// </summary>
    public string WarningHeader => "299 - \"" + Escape($"cluster {Cluster}: {Reason}") + "\"";

    private static string OneLine(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]))
            {
                chars[i] = ' ';
            }
        }

        return new string(chars);
    }

    // A quoted-string: backslash and quote escaped; only visible ASCII and spaces go on the wire (header values are
    // Latin-1 at best).
    private static string Escape(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return builder.ToString();
    }
}
