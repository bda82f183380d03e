using System.Globalization;
using ClusterGateway.Gateway.Security;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Apiserver.Watch;

/// <summary>
/// The watch options of a <c>clustergateways</c> request (https://kubernetes.io/docs/reference/using-api/api-concepts/
/// #semantics-for-watch; apimachinery <c>pkg/apis/meta/internalversion/validation</c>):
/// <c>resourceVersion</c> unset or <c>0</c> starts with ADDED events for the current state, a number resumes after it;
/// <c>sendInitialEvents=true</c> (needs <c>resourceVersionMatch=NotOlderThan</c>) starts with the current state and,
/// with <c>allowWatchBookmarks</c>, a BOOKMARK annotated <c>k8s.io/initial-events-end</c>; <c>sendInitialEvents=false</c>
/// starts at the current state without events; <c>timeoutSeconds</c> ends the watch (0 or absent: never; values
/// beyond <see cref="MaxTimeoutSeconds"/> are clamped to it; negative or not a number: 400).
/// </summary>
/// <param name="ResumeAfter">The resourceVersion to resume after; null to start from the current state.</param>
/// <param name="SendInitialEvents">Whether the current state is sent as ADDED events first.</param>
/// <param name="InitialEventsEndBookmark">Whether a BOOKMARK marks the end of the initial events.</param>
/// <param name="AllowBookmarks">Whether periodic BOOKMARK events are sent.</param>
/// <param name="Timeout">When the server ends the watch; null for never.</param>
internal sealed record WatchParameters(
    long? ResumeAfter, bool SendInitialEvents, bool InitialEventsEndBookmark, bool AllowBookmarks, TimeSpan? Timeout)
{
    /// <summary>The <c>metadata.annotations</c> key of the initial-events-end bookmark.</summary>
    public const string InitialEventsEndAnnotation = "k8s.io/initial-events-end";

    /// <summary>The longest timeout applied, in seconds (about 49 days: the longest timer .NET arms).</summary>
    public const long MaxTimeoutSeconds = uint.MaxValue / 1000 - 1;

    /// <summary>Reads the watch options; on failure returns null and the Status (400, 422).</summary>
    /// <param name="query">The query.</param>
    /// <param name="error">The Status to answer with.</param>
    /// <returns>The options or null.</returns>
    public static WatchParameters? Read(IQueryCollection query, out Status? error)
    {
        error = null;
        string? rv = query["resourceVersion"];
        long? resumeAfter = null;
        if (!string.IsNullOrEmpty(rv) && rv != "0")
        {
            if (!long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                error = ApiStatuses.BadRequest($"invalid resource version: {rv}");
                return null;
            }

            resumeAfter = parsed;
        }

        if (!TryReadCount(query, "timeoutSeconds", out var seconds, out error))
        {
            return null;
        }

        // Longer than a timer can run means "until the client or the server goes away", as a huge value does on
        // kube-apiserver; CancellationTokenSource.CancelAfter would throw for it.
        TimeSpan? timeout = seconds > 0 ? TimeSpan.FromSeconds(Math.Min(seconds.Value, MaxTimeoutSeconds)) : null;

        var bookmarks = GoBool(query["allowWatchBookmarks"]);
        bool? sendInitialEvents = string.IsNullOrEmpty(query["sendInitialEvents"]) ? null : GoBool(query["sendInitialEvents"]);
        var match = query["resourceVersionMatch"].ToString();
        if (sendInitialEvents is not null && match != "NotOlderThan")
        {
            error = ApiStatuses.InvalidListOptions("resourceVersionMatch",
                "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
            return null;
        }

        if (sendInitialEvents is null && match.Length > 0)
        {
            error = ApiStatuses.InvalidListOptions("resourceVersionMatch",
                "Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
            return null;
        }

        return sendInitialEvents switch
        {
            true => new WatchParameters(null, true, bookmarks, bookmarks, timeout),
            false => new WatchParameters(resumeAfter, false, false, bookmarks, timeout),
            null => new WatchParameters(resumeAfter, resumeAfter is null, false, bookmarks, timeout),
        };
    }

    /// <summary>
    /// Reads a non-negative integer query parameter (<c>timeoutSeconds</c>, <c>limit</c>): absent or empty is null;
    /// anything else that is not an int64 ≥ 0 is 400 BadRequest naming the parameter (kube-apiserver answers 400 to a
    /// value its query conversion cannot parse; a negative count has no meaning).
    /// </summary>
    /// <param name="query">The query.</param>
    /// <param name="name">The parameter.</param>
    /// <param name="value">The value, or null when absent.</param>
    /// <param name="error">The Status when invalid.</param>
    /// <returns>Whether the parameter is absent or valid.</returns>
    public static bool TryReadCount(IQueryCollection query, string name, out long? value, out Status? error)
    {
        value = null;
        error = null;
        string? text = query[name];
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ||
            parsed < 0)
        {
            error = ApiStatuses.BadRequest($"invalid {name}: {ForbiddenStatus.GoQuote(text)}: must be an integer " +
                $"from 0 to {long.MaxValue}");
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>Go's query conversion of a bool: absent, <c>""</c>, <c>0</c> and <c>false</c> are false.</summary>
    /// <param name="value">The query value.</param>
    /// <returns>The bool.</returns>
    public static bool GoBool(string? value) =>
        !string.IsNullOrEmpty(value) && value != "0" && !value.Equals("false", StringComparison.OrdinalIgnoreCase);
}
