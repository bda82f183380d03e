namespace ClusterGateway.Kube.Controllers;

/// <summary>
/// Level-based reconciliation of one key (controller-runtime <c>reconcile.Reconciler</c>): read the desired and actual
/// state (from informer caches), converge, report. Called for one key at a time, never concurrently for the same key.
/// </summary>
/// <typeparam name="TKey">Key type.</typeparam>
public interface IReconciler<TKey>
    where TKey : notnull
{
    /// <summary>Converges the object named by <paramref name="key"/>.</summary>
    /// <param name="key">What to reconcile.</param>
    /// <param name="cancellationToken">Cancelled when the controller stops.</param>
    /// <returns><see cref="ReconcileResult.Done"/> or <see cref="ReconcileResult.RequeueAfter"/>.</returns>
    /// <exception cref="TerminalReconcileException">A permanent failure: logged, not retried.</exception>
    /// <exception cref="Exception">Any other exception: retried with per-key exponential backoff.</exception>
    Task<ReconcileResult> ReconcileAsync(TKey key, CancellationToken cancellationToken);
}
