using System.Globalization;
using System.Text.RegularExpressions;

namespace ClusterGateway.Kube.Config;

/// <summary>
/// Parses and prints Go durations. Parsing takes Go <c>time.ParseDuration</c> text as the upstream flags take it: a sequence of decimal numbers with units
/// <c>ns</c>, <c>us</c>/<c>µs</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c> (e.g. <c>10s</c>, <c>1m30s</c>, <c>1.5h</c>), or <c>0</c>.
/// </summary>
public static partial class GoDuration
{
    /// <summary>Parses a duration.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The duration.</param>
    /// <returns>Whether the text is a valid, non-negative duration.</returns>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text == "0")
        {
            return true;
        }

        var matches = Part().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text)
        {
            return false;
        }

        double ticks = 0;
        foreach (Match match in matches)
        {
            var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            ticks += number * match.Groups[2].Value switch
            {
                "ns" => TimeSpan.TicksPerMicrosecond / 1000.0,
                "us" or "µs" => TimeSpan.TicksPerMicrosecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
            };
        }

        value = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    /// <summary>
    /// Prints a duration as Go's <c>time.Duration.String</c> does (<c>300ms</c>, <c>10s</c>, <c>1.5s</c>, <c>1m30s</c>,
    /// <c>1h0m0s</c>), so messages read like upstream's.
    /// </summary>
    /// <param name="duration">A non-negative duration.</param>
    /// <returns>The text.</returns>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
        }

        var text = "";
        if (duration.TotalHours >= 1)
        {
            text += ((long)duration.TotalHours).ToString(CultureInfo.InvariantCulture) + "h";
        }

        if (duration.TotalMinutes >= 1)
        {
            text += duration.Minutes.ToString(CultureInfo.InvariantCulture) + "m";
        }

        var seconds = duration.Seconds + (duration.Ticks % TimeSpan.TicksPerSecond / (double)TimeSpan.TicksPerSecond);
        return text + seconds.ToString("0.#########", CultureInfo.InvariantCulture) + "s";
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex Part();
}
