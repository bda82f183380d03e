using System.Collections.Concurrent;
using System.Threading.Channels;
using ClusterGateway.Kube.Controllers;

namespace ClusterGateway.Kube.Tests.Controllers;

/// <summary>A reconciler whose behaviour per call is scripted; every call is recorded in order.</summary>
internal sealed class RecordingReconciler : IReconciler<string>
{
    private readonly ConcurrentQueue<Func<string, ReconcileResult>> _script = new();
    private readonly Channel<string> _calls = Channel.CreateUnbounded<string>();

    public Func<string, ReconcileResult> Default { get; set; } = _ => ReconcileResult.Done;

    public int Concurrent;

    public int MaxConcurrent;

    public ChannelReader<string> Calls => _calls.Reader;

    public void Then(Func<string, ReconcileResult> step) => _script.Enqueue(step);

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref Concurrent);
        InterlockedMax(now);
        try
        {
            await Task.Yield();
            var step = _script.TryDequeue(out var s) ? s : Default;
            return step(key);
        }
        finally
        {
            Interlocked.Decrement(ref Concurrent);
            _calls.Writer.TryWrite(key);
        }
    }

    private void InterlockedMax(int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref MaxConcurrent)) &&
               Interlocked.CompareExchange(ref MaxConcurrent, value, seen) != seen)
        {
        }
    }
}
