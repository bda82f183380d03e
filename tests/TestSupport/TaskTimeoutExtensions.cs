namespace ClusterGateway.TestSupport;

/// <summary><c>WaitAsync</c> with a failure message that says what was awaited.</summary>
public static class TaskTimeoutExtensions
{
    public static async Task WaitAsync(this Task task, TimeSpan timeout, string what,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            await task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Timed out after {timeout} waiting for {what}.", e);
        }
    }

    public static async Task<T> WaitAsync<T>(this Task<T> task, TimeSpan timeout, string what,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            return await task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Timed out after {timeout} waiting for {what}.", e);
        }
    }
}
