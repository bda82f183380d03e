using System.Threading.Channels;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Kube.Tests.Client;

/// <summary>Runs a watch enumeration in the background and exposes its events as a channel.</summary>
internal sealed class WatchPump<T> : IAsyncDisposable
    where T : class
{
    private readonly Channel<WatchEvent<T>> _events = Channel.CreateUnbounded<WatchEvent<T>>();
    private readonly CancellationTokenSource _stop = new();

    public WatchPump(Func<CancellationToken, IAsyncEnumerable<WatchEvent<T>>> watch)
    {
        Completion = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in watch(_stop.Token))
                {
                    _events.Writer.TryWrite(e);
                }

                _events.Writer.TryComplete();
            }
            catch (Exception e)
            {
                _events.Writer.TryComplete(e);
                throw;
            }
        });
    }

    /// <summary>Completes when the enumeration ends; faults with its exception.</summary>
    public Task Completion { get; }

    public async Task<WatchEvent<T>> NextAsync() =>
        await _events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public void Cancel() => _stop.Cancel();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Completion.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is not TimeoutException)
        {
            // The test already observed what it needed.
        }

        _stop.Dispose();
    }
}
