using ClusterGateway.Gateway.Apiserver.Selectors;
using ClusterGateway.Gateway.Clusters;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// The clusters of one fan-out request: every valid cluster of the registry whose labels match the
/// <c>clusterSelector</c> and on which the caller may use <c>clustergateways/proxy</c>
/// (<see cref="Security.AuthorizationMiddleware.MayProxyAsync"/>, cached reviews). Others are left out silently:
/// no request reaches them. Recomputed on every registry change, and at least every
/// <see cref="RecheckInterval"/> so that a changed RBAC decision is noticed by a long watch.
/// </summary>
internal sealed class FanOutMembership : IFanOutMembership, IDisposable
{
    /// <summary>Longest time between two recomputations while someone waits for a change.</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(30);

    private readonly FanOutRequest _request;
    private readonly LabelSelector _selector;
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;
    private long _refreshedAt = -1;
    private IReadOnlyList<FanOutMember> _current = [];

    private FanOutMembership(FanOutRequest request, LabelSelector selector)
    {
        _request = request;
        _selector = selector;
        request.Services.Registry.Changed += OnChanged;
    }

    /// <inheritdoc />
    public IReadOnlyList<IFanOutMember> Current => _current;

    /// <summary>The current members as the concrete type.</summary>
    public IReadOnlyList<FanOutMember> Members => _current;

    /// <summary>Creates the membership and computes it once.</summary>
    /// <param name="request">The fan-out request.</param>
    /// <param name="selector">The ClusterGateway label selector.</param>
    /// <param name="cancellationToken">Cancels the reviews.</param>
    /// <returns>The membership; the caller disposes it.</returns>
    /// <exception cref="Kube.Client.KubeApiException">A review was refused by the hub.</exception>
    /// <exception cref="HttpRequestException">The hub is unreachable.</exception>
    /// <exception cref="InvalidOperationException">A review answer both allows and denies.</exception>
    public static async Task<FanOutMembership> CreateAsync(FanOutRequest request, LabelSelector selector,
        CancellationToken cancellationToken)
    {
        var membership = new FanOutMembership(request, selector);
        try
        {
            await membership.RefreshAsync(cancellationToken);
            return membership;
        }
        catch
        {
            membership.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task WaitForChangeAsync(CancellationToken cancellationToken)
    {
        Task changed;
        lock (_gate)
        {
            changed = _version != _refreshedAt ? Task.CompletedTask : _changed.Task;
        }

        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            await Task.WhenAny(changed, Task.Delay(RecheckInterval, stop.Token));
            await stop.CancelAsync();
        }

        cancellationToken.ThrowIfCancellationRequested();
        await RefreshAsync(cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _request.Services.Registry.Changed -= OnChanged;

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        long version;
        lock (_gate)
        {
            version = _version;
        }

        var previous = _current.ToDictionary(m => m.Cluster, StringComparer.Ordinal);
        var candidates = _request.Services.Registry.Snapshot.Values
            .Where(e => e.Gateway is { } g && _selector.Matches(g.Metadata.Labels))
            .ToList();
        var allowed = new bool[candidates.Count];
        using var bound = new SemaphoreSlim(FanOutServices.MaxInFlight);
        await Task.WhenAll(candidates.Select(async (entry, i) =>
        {
            await bound.WaitAsync(cancellationToken);
            try
            {
                allowed[i] = await _request.Services.Authorization.MayProxyAsync(_request.HttpContext, entry.Name,
                    cancellationToken);
            }
            finally
            {
                bound.Release();
            }
        }));

        var members = new List<FanOutMember>();
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!allowed[i])
            {
                continue;
            }

            var gateway = candidates[i].Gateway!;
            members.Add(previous.TryGetValue(candidates[i].Name, out var kept) && ReferenceEquals(kept.Gateway, gateway)
                ? kept
                : new FanOutMember(_request, candidates[i].Name, gateway));
        }

        lock (_gate)
        {
            _current = members;
            _refreshedAt = version;
        }
    }

    private void OnChanged(IReadOnlyList<ClusterChange> changes)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _version++;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
