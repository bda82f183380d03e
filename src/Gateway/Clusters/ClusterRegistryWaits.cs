namespace ClusterGateway.Gateway.Clusters;

/// <summary>Waiting for the registry to reach a state: checked at once and on every change, never by polling.</summary>
internal static class ClusterRegistryWaits
{
    /// <summary>Completes when <paramref name="condition"/> holds or <paramref name="timeout"/> passes.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="condition">The state to wait for; evaluated on the thread that published a change.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait (throws).</param>
    /// <returns><see langword="true"/> when the condition held in time.</returns>
    public static async Task<bool> WaitForAsync(this IClusterRegistry registry, Func<IClusterRegistry, bool> condition,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(IReadOnlyList<ClusterChange> _)
        {
            if (condition(registry))
            {
                signal.TrySetResult();
            }
        }

        registry.Changed += Check;
        try
        {
            Check([]);
            await signal.Task.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            registry.Changed -= Check;
        }
    }
}
