namespace ClusterGateway.TestSupport;

/// <summary>The active <see cref="RequestHang"/>s of one <see cref="FakeApiServer"/> (thread-safe).</summary>
internal sealed class RequestHangs
{
    private readonly Lock _gate = new();
    private readonly List<RequestHang> _active = [];

    public RequestHang Add(Func<RecordedRequest, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var hang = new RequestHang(predicate, Remove);
        lock (_gate)
        {
            _active.Add(hang);
        }

        return hang;
    }

    /// <summary>Holds the request in the first matching hang; returns at once when none matches.</summary>
    public Task HoldAsync(RecordedRequest request, CancellationToken aborted, CancellationToken stopping)
    {
        RequestHang? match;
        lock (_gate)
        {
            match = _active.Find(h => h.Matches(request));
        }

        return match is null ? Task.CompletedTask : match.HoldAsync(request, aborted, stopping);
    }

    private void Remove(RequestHang hang)
    {
        lock (_gate)
        {
            _active.Remove(hang);
        }
    }
}
