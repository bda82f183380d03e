using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>Waiting for objects to reach a state (for tests of controllers).</summary>
public sealed partial class FakeObjectStore
{
    /// <summary>
    /// Waits until the object exists and satisfies <paramref name="predicate"/>; returns it. A null
    /// <paramref name="name"/> waits for any object of the resource (e.g. an Event).
    /// </summary>
    public async Task<JsonObject> WaitForAsync(FakeResource resource, string? @namespace, string? name,
        Func<JsonObject, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var (initial, watcher) = Watch(resource, @namespace, null);
        using (watcher)
        {
            JsonObject? last = null;
            bool Matches(StoreEvent e)
            {
                if (name is not null && !string.Equals(ObjectMeta.Name(e.Object), name, StringComparison.Ordinal))
                {
                    return false;
                }

                last = e.Object;
                return e.Type != "DELETED" && predicate(Present(resource, e.Object));
            }

            foreach (var e in initial)
            {
                if (Matches(e))
                {
                    return Present(resource, e.Object);
                }
            }

            try
            {
                await foreach (var e in watcher.Reader.ReadAllAsync(cts.Token))
                {
                    if (Matches(e))
                    {
                        return Present(resource, e.Object);
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            throw new TimeoutException(
                $"{resource.QualifiedResource} {@namespace}/{name} did not reach the expected state within " +
                $"{timeout}; last seen: {last?.ToJsonString() ?? "<absent>"}");
        }
    }
}
