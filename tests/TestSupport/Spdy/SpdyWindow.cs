namespace ClusterGateway.TestSupport.Spdy;

/// <summary>
/// A send window (spdy-protocol-draft3 §2.6.8; SPDY/3.1 adds one for the whole session): bytes the peer is ready to
/// receive, shrunk by every data frame sent and grown by its WINDOW_UPDATE frames. The window is always tracked but
/// only <see cref="Enforced"/> once the peer has shown it does flow control (sent a WINDOW_UPDATE): moby/spdystream,
/// kubectl's SPDY library, never sends one, and waiting for it would stall every stream at 64 KiB. Thread-safe.
/// </summary>
internal sealed class SpdyWindow(long initial)
{
    private readonly Lock _gate = new();
    private long _available = initial;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closed;
    private volatile bool _enforced;

    /// <summary>Whether sending waits for the window (set once the peer sent a WINDOW_UPDATE).</summary>
    public bool Enforced
    {
        get => _enforced;
        set
        {
            _enforced = value;
            Signal();
        }
    }

    /// <summary>Bytes the peer is ready to receive (may be negative when the peer changed its initial window).</summary>
    public long Available
    {
        get
        {
            lock (_gate)
            {
                return _available;
            }
        }
    }

    /// <summary>Takes up to <paramref name="wanted"/> bytes of window, waiting while an enforced window is empty.</summary>
    /// <param name="wanted">Bytes the caller wants to send (positive).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Bytes the caller may send now (at least 1).</returns>
    /// <exception cref="IOException">The stream or session closed.</exception>
    public async ValueTask<int> TakeAsync(int wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_closed)
                {
                    throw new IOException("the SPDY stream is closed");
                }

                if (!_enforced || _available > 0)
                {
                    var granted = _enforced ? (int)Math.Min(wanted, _available) : wanted;
                    _available -= granted;
                    return granted;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Gives bytes back: a WINDOW_UPDATE, a changed initial window, or an unused grant.</summary>
    public void Grow(long delta)
    {
        lock (_gate)
        {
            _available += delta;
        }

        Signal();
    }

    /// <summary>Fails current and future waits (stream reset, session gone).</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }

        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
