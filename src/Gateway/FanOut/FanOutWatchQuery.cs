using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Apiserver.Watch;
using ClusterGateway.Gateway.Security;
using ClusterGateway.Kube.Models;
using Microsoft.AspNetCore.WebUtilities;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// The caller's watch query taken apart for a fan-out watch: the parameters every cluster gets unchanged (selectors,
/// <c>allowWatchBookmarks</c>, ...), the per-cluster start positions of a vector <c>resourceVersion</c>
/// (<see cref="ClusterVector"/>), and the stream's own <c>timeoutSeconds</c>, which is not forwarded (the fan-out stream
/// ends then; a cluster's watch ending earlier is re-established from its last resourceVersion).
/// </summary>
/// <remarks>
/// Watch semantics: https://kubernetes.io/docs/reference/using-api/api-concepts/#semantics-for-watch. A cluster absent
/// from the vector starts with <c>resourceVersion</c> omitted: the cluster sends its current objects as synthetic ADDED
/// events, then changes. That may repeat objects the caller already has (the caller sees them as ADDED again, as after
/// a relist) but loses none, whereas starting such a cluster "from now" would silently drop changes made before.
/// </remarks>
internal sealed class FanOutWatchQuery
{
    // Parameters the fan-out sets per cluster: the caller's values only apply to the start of each cluster's watch.
    private static readonly string[] PerCluster = ["resourceVersion", "resourceVersionMatch", "sendInitialEvents"];

    private readonly List<string> _shared;
    private readonly List<string> _startOnly;
    private readonly string? _plainResourceVersion;

    private FanOutWatchQuery(List<string> shared, List<string> startOnly, string? plainResourceVersion,
        Dictionary<string, string>? positions, bool sendInitialEvents, bool allowBookmarks, TimeSpan? timeout)
    {
        _shared = shared;
        _startOnly = startOnly;
        _plainResourceVersion = plainResourceVersion;
        Positions = positions;
        SendInitialEvents = sendInitialEvents;
        AllowBookmarks = allowBookmarks;
        Timeout = timeout;
    }

    /// <summary>The per-cluster resourceVersions of a vector <c>resourceVersion</c>; null when the caller sent none.</summary>
    public Dictionary<string, string>? Positions { get; }

    /// <summary>Whether the caller asked for <c>sendInitialEvents=true</c> (a watch-list).</summary>
    public bool SendInitialEvents { get; }

    /// <summary>Whether the caller allows BOOKMARK events.</summary>
    public bool AllowBookmarks { get; }

    /// <summary>When the fan-out stream ends (<c>timeoutSeconds</c>); null for never.</summary>
    public TimeSpan? Timeout { get; }

    /// <summary>Parses the caller's raw query.</summary>
    /// <param name="query">Raw query with its leading <c>?</c>, or empty.</param>
    /// <param name="error">400 BadRequest for a <c>resourceVersion</c> that is neither empty, <c>0</c> nor a vector,
    /// or an invalid <c>timeoutSeconds</c>.</param>
    /// <returns>The query, or null with <paramref name="error"/>.</returns>
    public static FanOutWatchQuery? Parse(string query, out Status? error)
    {
        error = null;
        var values = new QueryCollection(QueryHelpers.ParseQuery(query));
        if (!WatchParameters.TryReadCount(values, "timeoutSeconds", out var seconds, out error))
        {
            return null;
        }

        string? plain = null;
        Dictionary<string, string>? positions = null;
        var resourceVersion = values["resourceVersion"].ToString();
        if (ClusterVector.IsVector(resourceVersion))
        {
            if (!ClusterVector.TryDecode(resourceVersion, out positions))
            {
                error = ApiStatuses.BadRequest("invalid resource version: not a well-formed fan-out resourceVersion");
                return null;
            }
        }
        else if (resourceVersion is "0")
        {
            plain = resourceVersion;
        }
        else if (resourceVersion.Length > 0)
        {
            // A single cluster's resourceVersion means nothing on the others (each has its own etcd revisions).
            error = ApiStatuses.BadRequest($"invalid resource version {ForbiddenStatus.GoQuote(resourceVersion)}: a " +
                "fan-out watch resumes only from a resourceVersion returned by a fan-out list or watch (or \"\", \"0\")");
            return null;
        }

        var shared = new List<string>();
        var startOnly = new List<string>();
        foreach (var (pair, key, _) in FanOutQuery.Pairs(query))
        {
            if (key == "timeoutSeconds" || key == "resourceVersion")
            {
                continue;
            }

            (PerCluster.Contains(key, StringComparer.Ordinal) ? startOnly : shared).Add(pair);
        }

        TimeSpan? timeout = seconds > 0
            ? TimeSpan.FromSeconds(Math.Min(seconds.Value, WatchParameters.MaxTimeoutSeconds))
            : null;
        return new FanOutWatchQuery(shared, startOnly, plain, positions,
            WatchParameters.GoBool(values["sendInitialEvents"]), WatchParameters.GoBool(values["allowWatchBookmarks"]),
            timeout);
    }

    /// <summary>
    /// The first query of a cluster present when the watch starts: the caller's options, with the cluster's own
    /// resourceVersion from the vector (omitted when the vector has none for it).
    /// </summary>
    /// <param name="cluster">The cluster.</param>
    /// <returns>Raw query with a leading <c>?</c>.</returns>
    public string ForStart(string cluster)
    {
        var resourceVersion = Positions is null ? _plainResourceVersion : Positions.GetValueOrDefault(cluster);
        return Build(_startOnly, resourceVersion);
    }

    /// <summary>
    /// The first query of a cluster that joins later: resourceVersion omitted, so it sends its current objects as
    /// ADDED events, exactly what a client that relisted would see.
    /// </summary>
    /// <returns>Raw query with a leading <c>?</c>.</returns>
    public string ForJoin() => Build([], null);

    /// <summary>Re-establishes a cluster's watch after the last resourceVersion the fan-out received from it.</summary>
    /// <param name="resourceVersion">That cluster's resourceVersion.</param>
    /// <returns>Raw query with a leading <c>?</c>.</returns>
    public string ForResume(string resourceVersion) => Build([], resourceVersion);

    private string Build(List<string> startOnly, string? resourceVersion)
    {
        var pairs = new List<string>(_shared);
        pairs.AddRange(startOnly);
        if (resourceVersion is not null)
        {
            pairs.Add("resourceVersion=" + Uri.EscapeDataString(resourceVersion));
        }

        return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs);
    }
}
