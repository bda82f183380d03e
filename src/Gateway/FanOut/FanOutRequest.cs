using ClusterGateway.Gateway.Apiserver;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>One fan-out request: the caller's context and what its cluster requests share.</summary>
/// <param name="HttpContext">The caller's request.</param>
/// <param name="Rest">The raw sub-path after <c>/proxy</c>, the same for every cluster.</param>
/// <param name="Services">The shared services.</param>
/// <param name="Inner">The inner request as Kubernetes reads it (the same for every cluster), for the access log.</param>
internal sealed record FanOutRequest(HttpContext HttpContext, string Rest, FanOutServices Services, RequestInfo Inner)
    : IDisposable
{
    /// <summary>Serializes the clusters' filter runs (see <see cref="FanOutMember"/>).</summary>
    public SemaphoreSlim FilterLock { get; } = new(1, 1);

    /// <inheritdoc />
    public void Dispose() => FilterLock.Dispose();
}
