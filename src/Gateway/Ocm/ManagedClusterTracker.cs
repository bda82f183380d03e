using System.Diagnostics.CodeAnalysis;
using System.Net;
using ClusterGateway.Crds.Ocm;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Informers;

namespace ClusterGateway.Gateway.Ocm;

/// <summary>
/// Hub mode with <c>--ocm-integration</c>: caches <c>cluster.open-cluster-management.io/v1</c> ManagedClusters while
/// the hub serves them. Every <paramref name="interval"/> a <c>GET /apis/cluster.open-cluster-management.io/v1/managedclusters?limit=1</c>
/// tells whether the API is served (404 → absent); the informer starts when it appears and stops (the cache empties)
/// when it disappears. Other errors (403, network) keep the current state and are logged.
/// </summary>
internal sealed partial class ManagedClusterTracker(KubeClient hub, TimeSpan interval, ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<ManagedClusterTracker>();
    private readonly TaskCompletionSource _firstCheck = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Informer<ManagedCluster>? _informer;

    /// <summary>
    /// Raised after ManagedClusters changed: the affected name (<see langword="null"/> = all, when the API appeared,
    /// synced or disappeared) and the hub revision of the change, if known. Raised on the tracker's threads.
    /// </summary>
    public event Action<string?, string?>? Changed;

    /// <summary>Whether the API is served and its informer has synced (only then is a missing ManagedCluster known).</summary>
    public bool IsServed => _informer is { HasSynced: true };

    /// <summary>Completes after the first check: the API is absent, or present and synced, or unreadable.</summary>
    public Task FirstCheck => _firstCheck.Task;

    /// <summary>The ManagedCluster <paramref name="name"/>, if the API is served and it exists.</summary>
    /// <param name="name">Cluster name.</param>
    /// <param name="cluster">The cached object; never modify it.</param>
    /// <returns>Whether it exists.</returns>
    public bool TryGet(string name, [MaybeNullWhen(false)] out ManagedCluster cluster)
    {
        cluster = null;
        return _informer is { HasSynced: true } informer && informer.TryGet(null, name, out cluster);
    }

    /// <summary>Checks discovery periodically and runs the informer while the API is served.</summary>
    /// <param name="cancellationToken">Stops the tracker.</param>
    /// <returns>A task that completes when stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        CancellationTokenSource? running = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var served = await IsApiServedAsync(cancellationToken);
                if (served == true && running is null)
                {
                    running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    Log.Appeared(_logger);
                    _ = RunInformerAsync(running.Token);
                }
                else if (served == false && running is not null)
                {
                    await running.CancelAsync();
                    running.Dispose();
                    running = null;
                    _informer = null;
                    Log.Disappeared(_logger);
                    Changed?.Invoke(null, null);
                }

                if (served != true)
                {
                    _firstCheck.TrySetResult();
                }

                await Task.Delay(interval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            running?.Dispose();
        }
    }

    private async Task RunInformerAsync(CancellationToken cancellationToken)
    {
        var informer = new Informer<ManagedCluster>(hub, ManagedCluster.ResourceKind, null, null,
            loggerFactory.CreateLogger<Informer<ManagedCluster>>());
        informer.Changed += change =>
        {
            if (informer.HasSynced && ReferenceEquals(_informer, informer))
            {
                Changed?.Invoke(change.Object.Metadata.Name ?? "", change.Type == InformerEventType.Deleted
                    ? informer.LastSyncResourceVersion
                    : change.Object.Metadata.ResourceVersion);
            }
        };
        _informer = informer;
        try
        {
            var run = informer.RunAsync(cancellationToken);
            await Task.WhenAny(informer.WaitForSyncAsync(cancellationToken), run);
            if (informer.HasSynced && ReferenceEquals(_informer, informer))
            {
                Log.Synced(_logger, informer.Count);
                Changed?.Invoke(null, informer.LastSyncResourceVersion);
                _firstCheck.TrySetResult();
            }

            await run;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.InformerFailed(_logger, ex);
        }
    }

    /// <summary>True when served, false on 404, null when unknown (any other error; logged).</summary>
    private async Task<bool?> IsApiServedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await hub.ListAsync<ManagedCluster>(ManagedCluster.ResourceKind, null, new ListOptions { Limit = 1 },
                cancellationToken);
            return true;
        }
        catch (KubeApiException ex) when (ex.Code == (int)HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            Log.CheckFailed(_logger, ex);
            return null;
        }
    }
}
