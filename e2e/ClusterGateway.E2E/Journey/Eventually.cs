namespace ClusterGateway.E2E.Journey;

/// <summary>
/// Re-evaluates a condition observed through a client (kubectl, HTTP) until it holds: the state under test lives in
/// other processes, so there is no in-process signal to wait on; the step's timeout bounds it.
/// </summary>
internal static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<CancellationToken, Task<T>> observe, Func<T, bool> holds,
        string what, CancellationToken ct, TimeSpan? interval = null)
    {
        var last = default(T);
        try
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                last = await observe(ct);
                if (holds(last))
                {
                    return last;
                }

                await Task.Delay(interval ?? TimeSpan.FromMilliseconds(250), ct);
            }
        }
        catch (OperationCanceledException e)
        {
            throw new TimeoutException($"{what} never held; last observed: {last}", e);
        }
    }
}
