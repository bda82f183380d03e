using Microsoft.Extensions.Time.Testing;

namespace ClusterGateway.TestSupport;

/// <summary>
/// <see cref="FakeTimeProvider"/> (starting 2026-01-01 UTC; it moves only when advanced, and due timers fire on the
/// advancing thread) that also tells tests when code under test arms a timer (<see cref="TimerArmed"/>) and how many
/// are armed (<see cref="PendingTimers"/>), so a test can wait for the code to reach its wait instead of sleeping.
/// </summary>
public sealed class TestClock() : FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
{
    private readonly Lock _lock = new();
    private readonly HashSet<ArmedTimer> _armed = [];

    /// <summary>Released once per timer armed (created or changed) with a finite due time.</summary>
    public SemaphoreSlim TimerArmed { get; } = new(0);

    /// <summary>Timers armed and not yet fired (one-shot), re-armed, or disposed.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_lock)
            {
                return _armed.Count;
            }
        }
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var armed = new ArmedTimer(this);
        armed.Inner = base.CreateTimer(static s =>
        {
            var (timer, callback, state) = ((ArmedTimer, TimerCallback, object?))s!;
            timer.Fired();
            callback(state);
        }, (armed, callback, state), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        armed.Change(dueTime, period);
        return armed;
    }

    private sealed class ArmedTimer(TestClock clock) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ITimer Inner { get; set; } = null!;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    clock._armed.Remove(this);
                }
                else
                {
                    clock._armed.Add(this);
                }
            }

            var changed = Inner.Change(dueTime, period);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                clock.TimerArmed.Release();
            }

            return changed;
        }

        public void Fired()
        {
            lock (clock._lock)
            {
                if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
                {
                    clock._armed.Remove(this);
                }
            }
        }

        public void Dispose()
        {
            lock (clock._lock)
            {
                clock._armed.Remove(this);
            }

            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
