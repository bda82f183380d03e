using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>Why one cluster of a fan-out is missing from the answer.</summary>
/// <param name="Cluster">The cluster.</param>
/// <param name="Status">The Status standing for its failure (its code: 403 refused, 503 unreachable, 504 deadline,
/// or what the cluster answered).</param>
internal sealed record FanOutFailure(string Cluster, Status Status)
{
    /// <summary>Longest Warning text, in characters (longer is cut with <c>...</c>).</summary>
    public const int MaxWarningLength = 512;

    /// <summary>The reason as one line, for a Warning header and messages.</summary>
    public string Reason => ReasonOf(Status);

    /// <summary>
    /// The <c>Warning</c> header value kubectl prints (<c>Warning: cluster c3: ...</c>): code 299, agent <c>-</c>,
    /// the text quoted (RFC 7234 §5.5, as k8s.io/apiserver pkg/warning writes it), at most
    /// <see cref="MaxWarningLength"/> characters of text.
    /// </summary>
    public string WarningHeader
    {
        get
        {
            var text = $"cluster {Cluster}: {Reason}";
            return "299 - \"" + Escape(text.Length > MaxWarningLength ? text[..(MaxWarningLength - 3)] + "..." : text) + "\"";
        }
    }

    /// <summary>A Status's reason as one line: its message, else its reason, else its code.</summary>
    /// <param name="status">A cluster's failure.</param>
    /// <returns>The text.</returns>
    public static string ReasonOf(Status status) => OneLine(
        status.Message is { Length: > 0 } message ? message : status.Reason is { Length: > 0 } reason ? reason : $"HTTP {status.Code}");

    /// <summary>
    /// The Status answered instead of a fan-out when clusters failed: when none answered, the failures' common code
    /// (a missing resource is 404 everywhere, a refused one 403), else 503 ServiceUnavailable; with
    /// <c>partial=false</c> (some answered) always 503. The message names every failed cluster and its reason.
    /// </summary>
    /// <param name="failures">The failed clusters (at least one).</param>
    /// <param name="noneAnswered">Whether no cluster answered.</param>
    /// <returns>The Status.</returns>
    public static Status Answer(IReadOnlyList<FanOutFailure> failures, bool noneAnswered)
    {
        var message = (noneAnswered ? "every cluster of the fan-out failed: " : "fan-out with partial=false: clusters failed: ") +
            string.Join("; ", failures.Select(f => $"cluster {f.Cluster}: {f.Reason}"));
        var first = failures[0].Status;
        return noneAnswered && first.Code >= 400 && failures.All(f => f.Status.Code == first.Code)
            ? Status.Failure(first.Code, first.Reason ?? "InternalError", message)
            : Status.Failure(503, "ServiceUnavailable", message);
    }

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
