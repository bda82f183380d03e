using System.Globalization;
using System.Text;

namespace ClusterGateway.Gateway.Observability;

/// <summary>
/// Writes metric families in the Prometheus text exposition format 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format):
/// <code>
/// # HELP name help text
/// # TYPE name counter
/// name{a="x",b="y"} 3
/// # TYPE hist histogram
/// hist_bucket{a="x",le="0.1"} 2      (cumulative; then le="+Inf" = count)
/// hist_sum{a="x"} 0.13
/// hist_count{a="x"} 2
/// </code>
/// Labels sorted by name (<c>le</c> last), as client_golang writes them; families without series are left out.
/// Label values escape <c>\</c>, <c>"</c> and newlines; help texts escape <c>\</c> and newlines.
/// </summary>
internal static class PrometheusTextFormat
{
    /// <summary>The Content-Type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Renders the families.</summary>
    /// <param name="families">Families, in the order to write them.</param>
    /// <returns>The exposition text.</returns>
    public static string Write(IEnumerable<MetricFamily> families)
    {
        var text = new StringBuilder();
        foreach (var family in families)
        {
            var series = family.Series.ToList();
            if (series.Count == 0)
            {
                continue;
            }

            text.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            text.Append("# TYPE ").Append(family.Name).Append(' ')
                .Append(family.Type.ToString().ToLowerInvariant()).Append('\n');
            foreach (var one in series)
            {
                var (sum, count, buckets) = one.Read();
                if (family.Type != MetricType.Histogram)
                {
                    Sample(text, family.Name, one.Labels, null, sum);
                    continue;
                }

                for (var i = 0; i < buckets.Length; i++)
                {
                    Sample(text, family.Name + "_bucket", one.Labels, Number(family.Bounds![i]), buckets[i]);
                }

                Sample(text, family.Name + "_bucket", one.Labels, "+Inf", count);
                Sample(text, family.Name + "_sum", one.Labels, null, sum);
                Sample(text, family.Name + "_count", one.Labels, null, count);
            }
        }

        return text.ToString();
    }

    /// <summary>A float as Go's <c>strconv.FormatFloat(v, 'g', -1, 64)</c> reads back: shortest round trip, <c>+Inf</c>,
    /// <c>-Inf</c>, <c>NaN</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Escapes a label value: <c>\</c> → <c>\\</c>, <c>"</c> → <c>\"</c>, newline → <c>\n</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The escaped value.</returns>
    public static string EscapeLabelValue(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string help) => help
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);

    private static void Sample(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels,
        string? le, double value)
    {
        text.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            text.Append('{');
            var first = true;
            foreach (var (label, labelValue) in labels)
            {
                text.Append(first ? "" : ",").Append(label).Append("=\"").Append(EscapeLabelValue(labelValue)).Append('"');
                first = false;
            }

            if (le is not null)
            {
                text.Append(first ? "" : ",").Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }
}
