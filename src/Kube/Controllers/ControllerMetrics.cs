namespace ClusterGateway.Kube.Controllers;

/// <summary>
/// Counters of one <see cref="Controller{TKey}"/>, named after controller-runtime's metrics
/// (<c>pkg/internal/controller/metrics</c>): <c>controller_runtime_reconcile_total{result=success|error|requeue_after}</c>,
/// <c>controller_runtime_reconcile_errors_total</c>, <c>controller_runtime_terminal_reconcile_errors_total</c>.
/// Thread-safe; monotonic.
/// </summary>
public sealed class ControllerMetrics
{
    private long _success;
    private long _error;
    private long _requeueAfter;
    private long _terminal;

    /// <summary>Reconciles that converged (<see cref="ReconcileResult.Done"/>).</summary>
    public long Success => Interlocked.Read(ref _success);

    /// <summary>Reconciles that threw (retried with backoff).</summary>
    public long Errors => Interlocked.Read(ref _error);

    /// <summary>Reconciles that asked to run again after a delay.</summary>
    public long RequeueAfter => Interlocked.Read(ref _requeueAfter);

    /// <summary>Reconciles that failed permanently (<see cref="TerminalReconcileException"/>).</summary>
    public long TerminalErrors => Interlocked.Read(ref _terminal);

    internal void CountSuccess() => Interlocked.Increment(ref _success);

    internal void CountError() => Interlocked.Increment(ref _error);

    internal void CountRequeueAfter() => Interlocked.Increment(ref _requeueAfter);

    internal void CountTerminal() => Interlocked.Increment(ref _terminal);
}
