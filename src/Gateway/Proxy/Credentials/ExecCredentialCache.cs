using System.Collections.Concurrent;
using ClusterGateway.Gateway.Clusters;

namespace ClusterGateway.Gateway.Proxy.Credentials;

/// <summary>
/// Exec credentials per cluster: the plugin runs once and its answer is shared until it is due for renewal.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>Keyed by cluster name <em>and</em> <see cref="ExecPlugin.Key"/> (the ExecConfig and the cluster info it is
/// given): a changed <c>exec</c> key runs the new plugin at once (upstream keyed by Secret name only, §10 item 10).</item>
/// <item>Concurrent first requests share one run; failures are not cached (the next request runs the plugin again,
/// one run at a time per cluster).</item>
/// <item>A credential with <c>expirationTimestamp</c> is renewed <see cref="RefreshMargin"/> before it (at most half
/// its lifetime before, so short-lived credentials are still reused); one already expired serves the requests that
/// waited for it and no other.</item>
/// <item>A credential without expiry is kept until the cluster answers 401 to it (<see cref="Invalidate"/>, as
/// client-go does), the Secret's <c>exec</c> changes, or the cluster is removed (upstream re-ran the plugin on every
/// call, §10 item 10).</item>
/// </list>
/// Runs are not tied to any request: a caller that goes away stops waiting, the run goes on for the others; the
/// gateway's shutdown kills running plugins.
/// </remarks>
internal sealed partial class ExecCredentialCache : IDisposable
{
    /// <summary>How long before <c>expirationTimestamp</c> a credential is renewed (upstream: 1 min).</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, ExecCredentialRun> _entries = new(StringComparer.Ordinal);
    private readonly ExecPluginRunner _runner;
    private readonly TimeProvider _time;
    private readonly ILogger<ExecCredentialCache> _logger;
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Creates the cache and drops the entries of clusters as they are removed.</summary>
    /// <param name="runner">Runs plugins.</param>
    /// <param name="time">Clock for expiry.</param>
    /// <param name="registry">Cluster registry.</param>
    /// <param name="logger">Logger.</param>
    public ExecCredentialCache(ExecPluginRunner runner, TimeProvider time, IClusterRegistry registry,
        ILogger<ExecCredentialCache> logger)
    {
        _runner = runner;
        _time = time;
        _logger = logger;
        registry.Changed += changes =>
        {
            foreach (var change in changes.Where(c => c.New?.Gateway is null))
            {
                _entries.TryRemove(change.Name, out _);
            }
        };
    }

    /// <summary>Number of clusters with a cached or running credential (for tests and diagnostics).</summary>
    public int Count => _entries.Count;

    /// <summary>Returns the cluster's credential, running the plugin when none is cached or it is due.</summary>
    /// <param name="plugin">The cluster's plugin.</param>
    /// <param name="cancellationToken">Stops waiting (the run continues for other callers).</param>
    /// <returns>The credential.</returns>
    /// <exception cref="ExecCredentialException">The plugin failed.</exception>
    public async Task<ExecCredential> GetAsync(ExecPlugin plugin, CancellationToken cancellationToken)
    {
        while (true)
        {
            _entries.TryGetValue(plugin.Cluster, out var current);
            if (current is not null && current.Key == plugin.Key && IsUsable(current))
            {
                return (await current.Issued.WaitAsync(cancellationToken)).Credential;
            }

            var fresh = new ExecCredentialRun(plugin.Key);
            var stored = current is null
                ? _entries.TryAdd(plugin.Cluster, fresh)
                : _entries.TryUpdate(plugin.Cluster, fresh, current);
            if (stored)
            {
                fresh.Start(IssueAsync(plugin));
                return (await fresh.Issued.WaitAsync(cancellationToken)).Credential;
            }
        }
    }

    /// <summary>
    /// The credential last issued for the plugin, due for renewal or not, unless it was dropped (401, config change,
    /// cluster removed); <see langword="null"/> when there is none. The <see cref="ExecCredentialHandler"/> uses it to
    /// send what the <see cref="ExecCredentialFilter"/> just fetched for the same request, without a second run for a
    /// credential that was already due when it was issued.
    /// </summary>
    /// <param name="plugin">The cluster's plugin.</param>
    /// <returns>The credential, or <see langword="null"/>.</returns>
    public ExecCredential? Latest(ExecPlugin plugin) =>
        _entries.TryGetValue(plugin.Cluster, out var current) && current.Key == plugin.Key &&
        current.Issued.IsCompletedSuccessfully
            ? current.Issued.Result.Credential
            : null;

    /// <summary>
    /// Forgets <paramref name="rejected"/> after the cluster answered 401 to it, so the next request runs the plugin.
    /// A newer credential issued meanwhile is kept.
    /// </summary>
    /// <param name="plugin">The cluster's plugin.</param>
    /// <param name="rejected">The credential the cluster rejected.</param>
    public void Invalidate(ExecPlugin plugin, ExecCredential rejected)
    {
        if (_entries.TryGetValue(plugin.Cluster, out var current) && current.Issued.IsCompletedSuccessfully &&
            ReferenceEquals(current.Issued.Result.Credential, rejected) &&
            _entries.TryRemove(KeyValuePair.Create(plugin.Cluster, current)))
        {
            Log.Invalidated(_logger, plugin.Cluster);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private bool IsUsable(ExecCredentialRun entry) => !entry.Issued.IsCompleted ||
        (entry.Issued.IsCompletedSuccessfully && _time.GetUtcNow() < entry.Issued.Result.RenewAt);

    private async Task<IssuedCredential> IssueAsync(ExecPlugin plugin)
    {
        await Task.Yield();
        try
        {
            var stdout = await _runner.RunAsync(plugin, _stopping.Token);
            var credential = ExecCredentialParser.Parse(stdout, plugin.ApiVersion);
            var now = _time.GetUtcNow();
            var renewAt = DateTimeOffset.MaxValue;
            if (credential.ExpiresAt is { } expiry)
            {
                var lifetime = expiry - now;
                renewAt = expiry - (lifetime > RefreshMargin * 2 ? RefreshMargin : lifetime / 2);
            }

            Log.Issued(_logger, plugin.Cluster, credential.CertificateHash is null ? "token" : "client certificate",
                credential.ExpiresAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "never");
            return new IssuedCredential(credential, renewAt);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Failed(_logger, plugin.Cluster, plugin.Command, e.Message);
            throw e as ExecCredentialException ?? new ExecCredentialException(e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 332, Level = LogLevel.Information,
            Message = "Exec credential plugin of cluster {Cluster} issued a {Kind}, expiring {Expiry}")]
        public static partial void Issued(ILogger logger, string cluster, string kind, string expiry);

        [LoggerMessage(EventId = 333, Level = LogLevel.Warning,
            Message = "Exec credential plugin {Command} of cluster {Cluster} failed: {Reason}")]
        public static partial void Failed(ILogger logger, string cluster, string command, string reason);

        [LoggerMessage(EventId = 334, Level = LogLevel.Information,
            Message = "Cluster {Cluster} answered 401 Unauthorized: its exec credential is dropped and will be renewed")]
        public static partial void Invalidated(ILogger logger, string cluster);
    }
}
