using System.Diagnostics;
using ClusterGateway.Kube.Informers;
using ClusterGateway.Kube.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.Kube.Controllers;

/// <summary>
/// Runs an <see cref="IReconciler{TKey}"/> over a <see cref="WorkQueue{TKey}"/> with N workers, following
/// controller-runtime's <c>internal/controller/controller.go</c> (<c>reconcileHandler</c>): an exception re-queues the key
/// with backoff (<see cref="WorkQueue{TKey}.AddRateLimited"/>); <see cref="ReconcileResult.RequeueAfter"/> forgets the
/// backoff and re-queues after the delay; success forgets; <see cref="TerminalReconcileException"/> forgets and logs.
/// Feed it keys with <see cref="Watch{T}"/> (informer changes mapped to keys) or <see cref="Queue"/>.
/// </summary>
/// <typeparam name="TKey">Key type with value equality.</typeparam>
public sealed class Controller<TKey>
    where TKey : notnull
{
    private readonly IReconciler<TKey> _reconciler;
    private readonly ILogger _logger;
    private readonly List<Func<CancellationToken, Task>> _syncs = [];
    private readonly string _spanName;

    /// <summary>Creates a controller.</summary>
    /// <param name="name">Name for logs.</param>
    /// <param name="reconciler">The reconciler.</param>
    /// <param name="queue">The queue; default a new <see cref="WorkQueue{TKey}"/> with default backoff.</param>
    /// <param name="logger">Optional logger.</param>
    public Controller(string name, IReconciler<TKey> reconciler, WorkQueue<TKey>? queue = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(reconciler);
        Name = name;
        _spanName = name + " reconcile";
        _reconciler = reconciler;
        Queue = queue ?? new WorkQueue<TKey>();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Name for logs.</summary>
    public string Name { get; }

    /// <summary>The queue the workers consume; <see cref="WorkQueue{TKey}.Add"/> to trigger a reconcile.</summary>
    public WorkQueue<TKey> Queue { get; }

    /// <summary>Reconcile counters (for <c>/metrics</c>).</summary>
    public ControllerMetrics Metrics { get; } = new();

    /// <summary>
    /// Queues the keys <paramref name="map"/> returns for every change of <paramref name="informer"/> (controller-runtime
    /// <c>Watches</c> with <c>EnqueueRequestsFromMapFunc</c>; for deletions the object's last known state is passed), and
    /// makes <see cref="RunAsync"/> wait for the informer's first sync. Call before <see cref="RunAsync"/>; the caller runs
    /// the informer.
    /// </summary>
    /// <typeparam name="T">Object type.</typeparam>
    /// <param name="informer">Source of changes.</param>
    /// <param name="map">Object to keys, e.g. the object's own name, or its controller owner's name.</param>
    /// <returns>This controller.</returns>
    public Controller<TKey> Watch<T>(Informer<T> informer, Func<T, IEnumerable<TKey>> map)
        where T : class, IKubernetesObject
    {
        ArgumentNullException.ThrowIfNull(map);
        return WatchChanges(informer, change => map(change.Object));
    }

    /// <summary>
    /// Like <see cref="Watch{T}"/>, but <paramref name="map"/> sees the whole change (type, old and new object), so it can
    /// filter as controller-runtime's predicates do, e.g. ignore updates that only touch status or that this controller
    /// wrote itself (return no keys).
    /// </summary>
    /// <typeparam name="T">Object type.</typeparam>
    /// <param name="informer">Source of changes.</param>
    /// <param name="map">Change to keys; empty to ignore the change.</param>
    /// <returns>This controller.</returns>
    public Controller<TKey> WatchChanges<T>(Informer<T> informer, Func<InformerEvent<T>, IEnumerable<TKey>> map)
        where T : class, IKubernetesObject
    {
        ArgumentNullException.ThrowIfNull(informer);
        ArgumentNullException.ThrowIfNull(map);
        informer.Changed += change =>
        {
            foreach (var key in map(change))
            {
                Queue.Add(key);
            }
        };
        _syncs.Add(informer.WaitForSyncAsync);
        return this;
    }

    /// <summary>
    /// Waits for every watched informer to sync, then reconciles with <paramref name="workers"/> workers until
    /// <paramref name="cancellationToken"/> is cancelled; then shuts the queue down and waits for the workers.
    /// </summary>
    /// <param name="workers">Concurrent reconciles (distinct keys); at least 1.</param>
    /// <param name="cancellationToken">Stops the controller.</param>
    /// <returns>Completes when stopped.</returns>
    public async Task RunAsync(int workers, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        try
        {
            await Task.WhenAll(_syncs.Select(s => s(cancellationToken))).ConfigureAwait(false);
            ControllerLog.Starting(_logger, Name, workers);
            var running = Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None));
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            Queue.ShutDown();
        }
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TKey key;
            try
            {
                key = await Queue.TakeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await ReconcileOneAsync(key, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    private async Task ReconcileOneAsync(TKey key, CancellationToken cancellationToken)
    {
        // A span per reconcile when tracing is on (ControllerTracing); null and free otherwise. Hub calls made while
        // reconciling become its children.
        using var activity = ControllerTracing.Source.StartActivity(_spanName, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(ControllerTracing.ControllerAttribute, Name);
            activity.SetTag(ControllerTracing.KeyAttribute, key.ToString());
        }

        ReconcileResult result;
        try
        {
            result = await _reconciler.ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (TerminalReconcileException ex)
        {
            Queue.Forget(key);
            Metrics.CountTerminal();
            ControllerLog.ReconcileTerminal(_logger, Name, key.ToString() ?? "", ex);
            Failed(activity, "terminal", ex);
            return;
        }
        catch (Exception ex)
        {
            Queue.AddRateLimited(key);
            Metrics.CountError();
            ControllerLog.ReconcileFailed(_logger, Name, key.ToString() ?? "", ex);
            Failed(activity, "error", ex);
            return;
        }

        Queue.Forget(key);
        if (result.RequeueAfterDelay > TimeSpan.Zero)
        {
            Metrics.CountRequeueAfter();
            Queue.AddAfter(key, result.RequeueAfterDelay);
            activity?.SetTag(ControllerTracing.ResultAttribute, "requeue_after");
        }
        else
        {
            Metrics.CountSuccess();
            activity?.SetTag(ControllerTracing.ResultAttribute, "success");
        }
    }

    private static void Failed(Activity? activity, string result, Exception ex)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(ControllerTracing.ResultAttribute, result);
        activity.SetStatus(ActivityStatusCode.Error, ex.Message);
    }
}
