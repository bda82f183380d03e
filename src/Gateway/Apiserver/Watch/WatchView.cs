using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Apiserver.Watch;

/// <summary>
/// What one watcher sees of the registry: valid clusters that pass its selectors (and, for a single-object watch,
/// carry its name). Turns registry changes into ADDED, MODIFIED and DELETED events of that view.
/// </summary>
/// <param name="request">The request with its selectors.</param>
/// <param name="name">The one object watched, or null.</param>
internal sealed class WatchView(ClusterGatewayRequest request, string? name)
{
    /// <summary>Writes ADDED for every visible cluster of <paramref name="state"/>, by name.</summary>
    /// <param name="writer">The stream.</param>
    /// <param name="state">The state at subscription.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>A task.</returns>
    public async Task WriteInitialAsync(WatchEventWriter writer, ClusterRegistryState state, CancellationToken cancellationToken)
    {
        foreach (var entry in state.Clusters.Values)
        {
            if (Visible(entry) is { } gateway)
            {
                await writer.WriteAsync(WatchEventType.Added, gateway, cancellationToken);
            }
        }
    }

    /// <summary>Writes the event <paramref name="change"/> means for this view, if any.</summary>
    /// <param name="writer">The stream.</param>
    /// <param name="change">A registry change.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public Task WriteAsync(WatchEventWriter writer, ClusterChange change, CancellationToken cancellationToken)
    {
        var before = Visible(change.Old);
        var after = Visible(change.New);
        return (before, after) switch
        {
            (null, { } added) => writer.WriteAsync(WatchEventType.Added, added, cancellationToken),
            ({ }, { } modified) => writer.WriteAsync(WatchEventType.Modified, modified, cancellationToken),
            ({ }, null) => writer.WriteAsync(WatchEventType.Deleted, change.Old!.WithRevision(change.Revision).Gateway!,
                cancellationToken),
            _ => Task.CompletedTask,
        };
    }

    private V1Alpha1ClusterGateway? Visible(ClusterEntry? entry) =>
        entry?.Gateway is { } gateway && (name is null || gateway.Metadata.Name == name) && request.Matches(gateway)
            ? gateway
            : null;
}
