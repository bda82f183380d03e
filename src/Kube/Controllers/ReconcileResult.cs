namespace ClusterGateway.Kube.Controllers;

/// <summary>The outcome of a successful reconcile (controller-runtime <c>reconcile.Result</c>).</summary>
public readonly record struct ReconcileResult
{
    /// <summary>Converged; nothing to do until the next change.</summary>
    public static ReconcileResult Done => default;

    /// <summary>When positive, reconcile the key again after this delay (backoff is reset).</summary>
    public TimeSpan RequeueAfterDelay { get; init; }

    /// <summary>Reconcile again after <paramref name="delay"/>, e.g. to renew a certificate or poll readiness.</summary>
    /// <param name="delay">Delay; must not be negative.</param>
    /// <returns>The result.</returns>
    public static ReconcileResult RequeueAfter(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new ReconcileResult { RequeueAfterDelay = delay };
    }
}
