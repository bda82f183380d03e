using System.Globalization;
using System.Text;

namespace ClusterGateway.Gateway.Observability;

/// <summary>
/// Makes caller-controlled text safe to log: anything from a request (path, user and group names, header values,
/// errors that quote them) goes through <see cref="Escape"/> at the log site, so a <c>%0a</c> in a path cannot start
/// a forged line in the text log format nor an escape sequence (ESC) drive the reader's terminal.
/// </summary>
internal static class LogText
{
    /// <summary>
    /// Escapes control characters as Go's <c>strconv.Quote</c> does (what klog's <c>%q</c> prints): <c>\n</c>,
    /// <c>\r</c>, <c>\t</c>, the others as <c>\xNN</c>/<c>\uNNNN</c>; and the invisible format and separator characters
    /// (U+2028, U+202E ...) as <c>\uNNNN</c>. Quotes and backslashes stay readable. Text without any of these is
    /// returned as it is.
    /// </summary>
    /// <param name="value">The text; null gives an empty string.</param>
    /// <returns>The escaped text, without surrounding quotes; never contains a line break.</returns>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var first = IndexOfEscaped(value);
        if (first < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16).Append(value, 0, first);
        for (var i = first; i < value.Length; i++)
        {
            var c = value[i];
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c < 0x80 && NeedsEscape(c) => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ when NeedsEscape(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    private static int IndexOfEscaped(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (NeedsEscape(value[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool NeedsEscape(char c) => char.IsControl(c) || (c >= 0x80 && CharUnicodeInfo.GetUnicodeCategory(c)
        is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);
}
