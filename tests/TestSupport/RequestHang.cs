namespace ClusterGateway.TestSupport;

/// <summary>
/// Fault injection for <see cref="FakeApiServer.Hang"/>: requests matching the predicate are accepted (recorded in
/// <see cref="FakeApiServer.Requests"/> and <see cref="Held"/>) and never answered, like a hung apiserver, until this is
/// disposed (they then proceed normally), the client gives up (recorded in <see cref="Abandoned"/>), or the server stops.
/// </summary>
public sealed class RequestHang : IDisposable
{
    private readonly Func<RecordedRequest, bool> _predicate;
    private readonly Action<RequestHang> _remove;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal RequestHang(Func<RecordedRequest, bool> predicate, Action<RequestHang> remove)
    {
        _predicate = predicate;
        _remove = remove;
    }

    /// <summary>Requests held so far, in arrival order (wait on them with <see cref="RequestLog.WaitForAsync"/>).</summary>
    public RequestLog Held { get; } = new();

    /// <summary>Held requests whose client gave up (cancelled the request or closed the connection) while held.</summary>
    public RequestLog Abandoned { get; } = new();

    /// <summary>Stops holding: requests held now are answered normally and new ones are not held.</summary>
    public void Dispose()
    {
        _remove(this);
        _released.TrySetResult();
    }

    internal bool Matches(RecordedRequest request) => !_released.Task.IsCompleted && _predicate(request);

    /// <summary>Holds <paramref name="request"/> until released (returns), abandoned (throws) or the server stops (returns).</summary>
    internal async Task HoldAsync(RecordedRequest request, CancellationToken aborted, CancellationToken stopping)
    {
        Held.Add(request);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping);
        try
        {
            await _released.Task.WaitAsync(either.Token);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            Abandoned.Add(request);
            throw;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: answer normally so that Kestrel's graceful stop does not wait for the hold.
        }
    }
}
