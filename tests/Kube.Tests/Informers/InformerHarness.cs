using System.Threading.Channels;
using ClusterGateway.Kube.Informers;
using ClusterGateway.Kube.Models;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Informers;

/// <summary>Runs an informer in the background and exposes its change events as a channel.</summary>
internal sealed class InformerHarness<T> : IAsyncDisposable
    where T : class, IKubernetesObject
{
    private readonly Channel<InformerEvent<T>> _events = Channel.CreateUnbounded<InformerEvent<T>>();
    private readonly CancellationTokenSource _stop = new();

    public InformerHarness(Informer<T> informer)
    {
        Informer = informer;
        informer.Changed += e => _events.Writer.TryWrite(e);
        Run = Task.Run(() => informer.RunAsync(_stop.Token));
    }

    public Informer<T> Informer { get; }

    public Task Run { get; }

    public Task SyncAsync() => Informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TestTimeouts.Short, "informer sync");

    public async Task<InformerEvent<T>> NextAsync() =>
        await _events.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Short, "an informer event");

    public async Task<List<InformerEvent<T>>> NextAsync(int count)
    {
        var events = new List<InformerEvent<T>>();
        for (var i = 0; i < count; i++)
        {
            events.Add(await NextAsync());
        }

        return events;
    }

    public bool TryReadPending(out InformerEvent<T>? change) => _events.Reader.TryRead(out change);

    /// <summary>Stops the informer; fails when RunAsync did not complete normally.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Run.WaitAsync(TestTimeouts.Short, "RunAsync to end after cancellation");
        _stop.Dispose();
    }
}
