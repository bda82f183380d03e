using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// The state of one fan-out watch (see <see cref="FanOutWatch"/>): its clusters' watches, the queue they fill, and the
/// single loop that writes the caller's stream, so the vector, the column definitions and the membership are only
/// touched by one thread.
/// </summary>
internal sealed class FanOutWatchSession
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly HttpContext _context;
    private readonly IFanOutMembership _membership;
    private readonly FanOutWatchQuery _query;
    private readonly FanOutWatchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _end;
    private readonly CancellationToken _token;
    private readonly Channel<FanOutWatchItem> _queue;
    private readonly Dictionary<string, FanOutWatchMember> _members = new(StringComparer.Ordinal);
    private readonly List<Task> _stopping = [];
    private readonly FanOutWatchEvents _events = new();
    private readonly ArrayBufferWriter<byte> _buffer = new();

    // Clusters whose initial events (sendInitialEvents=true) are still coming; null when not tracked or done.
    private HashSet<string>? _initialPending;
    private bool _initialEndDue;
    private long _bytes;

    /// <summary>Creates the session.</summary>
    /// <param name="context">The caller's request.</param>
    /// <param name="membership">The clusters.</param>
    /// <param name="query">The parsed query.</param>
    /// <param name="options">Tuning.</param>
    /// <param name="time">Clock of the backoff and the start wait.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="token">Ends the stream.</param>
    public FanOutWatchSession(HttpContext context, IFanOutMembership membership, FanOutWatchQuery query,
        FanOutWatchOptions options, TimeProvider time, ILogger logger, CancellationToken token)
    {
        _context = context;
        _membership = membership;
        _query = query;
        _options = options;
        _time = time;
        _logger = logger;
        _end = CancellationTokenSource.CreateLinkedTokenSource(token);
        _token = _end.Token;
        _queue = Channel.CreateBounded<FanOutWatchItem>(new BoundedChannelOptions(Math.Max(1, options.QueueCapacity))
        {
            SingleReader = true, FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Whether the stream may start without clusters that fail at once (false: <c>?partial=false</c>, 503).</summary>
    public bool Partial { get; init; } = true;

    /// <summary>Runs the stream to its end; stops every cluster's watch before returning.</summary>
    /// <returns>A task.</returns>
    public async Task RunAsync()
    {
        Task follow = Task.CompletedTask;
        var opens = new List<(FanOutWatchMember Member, string Query, Task<FanOutWatchAttempt> Open)>();
        try
        {
            foreach (var member in Distinct(_membership.Current))
            {
                var watch = NewMember(member, _query.Positions?.GetValueOrDefault(member.Cluster));
                var query = _query.ForStart(member.Cluster);
                opens.Add((watch, query, watch.OpenAsync(query)));
            }

            // Headers wait for every cluster's answer (so failures become Warning headers), but not for a hung one.
            try
            {
                await Task.WhenAll(opens.Select(o => o.Open)).WaitAsync(_options.StartWait, _time, _token);
            }
            catch (TimeoutException)
            {
            }

            var answered = opens.Where(o => o.Open.IsCompletedSuccessfully).ToList();
            var failed = answered.Where(o => o.Open.Result.Failure is not null && !o.Open.Result.Expired).ToList();
            var failures = failed.Select(o => new FanOutFailure(o.Member.Cluster, o.Open.Result.Failure!)).ToList();
            var noneAnswered = opens.Count > 0 && failed.Count == opens.Count;
            if (failures.Count > 0 && (!Partial || noneAnswered))
            {
                await StatusResponses.WriteAsync(_context, FanOutFailure.Answer(failures, noneAnswered));
                return;
            }

            await StartAsync(failures);
            if (answered.FirstOrDefault(o => o.Open.Result.Expired) is { Member: not null } expired)
            {
                await WriteExpiredAsync(expired.Member.Cluster, expired.Open.Result.Failure!);
                return;
            }

            if (_query.SendInitialEvents)
            {
                _initialPending = new HashSet<string>(opens.Except(failed).Select(o => o.Member.Cluster),
                    StringComparer.Ordinal);
            }

            foreach (var (member, query, open) in opens)
            {
                if (_query.Positions?.GetValueOrDefault(member.Cluster) is { } position)
                {
                    _events.Seed(member.Cluster, position);
                }

                member.Start(open, query, _queue.Writer);
            }

            follow = FollowMembershipAsync();
            await PumpAsync();
        }
        catch (OperationCanceledException) when (_token.IsCancellationRequested)
        {
            // timeoutSeconds elapsed or the caller left: the stream just ends.
        }
        catch (IOException) when (_context.RequestAborted.IsCancellationRequested)
        {
        }
        finally
        {
            // Ends whatever still runs: the membership follower, the clusters' watches.
            await _end.CancelAsync();
            foreach (var (member, _, open) in opens)
            {
                member.Discard(open);
            }

            foreach (var member in _members.Values)
            {
                _stopping.Add(member.StopAsync());
            }

            await Task.WhenAll(_stopping);
            await IgnoreCancellationAsync(follow);
            RequestState.Of(_context).ResponseBytes += _bytes;
            _end.Dispose();
        }
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            var item = await _queue.Reader.ReadAsync(_token);
            if (item.Source is not { } source)
            {
                Reconcile();
                continue;
            }

            if (source.Stopped || !_members.TryGetValue(source.Cluster, out var current) || current != source)
            {
                continue;
            }

            if (item.Expired is { } expired)
            {
                await WriteExpiredAsync(source.Cluster, expired);
                return;
            }

            var watchEvent = item.Event!;
            if (watchEvent["type"]?.GetValue<string>() == "BOOKMARK")
            {
                if (!_query.AllowBookmarks)
                {
                    continue;
                }

                _events.RewriteBookmark(source.Cluster, watchEvent, InitialEventsEnd(source.Cluster, watchEvent));
            }
            else
            {
                _events.Rewrite(source.Cluster, watchEvent);
            }

            await WriteAsync(watchEvent);
        }
    }

    // Whether this bookmark completes the initial events of every cluster that started with them.
    private bool InitialEventsEnd(string cluster, JsonObject bookmark)
    {
        if (_initialPending is not null && FanOutWatchEvents.EndsInitialEvents(bookmark) &&
            _initialPending.Remove(cluster) && _initialPending.Count == 0)
        {
            _initialEndDue = true;
        }

        if (!_initialEndDue)
        {
            return false;
        }

        _initialPending = null;
        _initialEndDue = false;
        return true;
    }

    private async Task FollowMembershipAsync()
    {
        while (!_token.IsCancellationRequested)
        {
            await _membership.WaitForChangeAsync(_token);
            await _queue.Writer.WriteAsync(FanOutWatchItem.MembershipChanged, _token);
        }
    }

    private void Reconcile()
    {
        var current = Distinct(_membership.Current).ToDictionary(m => m.Cluster, StringComparer.Ordinal);
        foreach (var (cluster, watch) in _members.Where(m => !current.ContainsKey(m.Key)).ToList())
        {
            _members.Remove(cluster);
            _events.Forget(cluster);
            if (_initialPending is not null && _initialPending.Remove(cluster) && _initialPending.Count == 0)
            {
                // The next bookmark tells the caller the initial events are complete.
                _initialEndDue = true;
            }

            _stopping.Add(watch.StopAsync());
            FanOutWatchLog.MemberLeft(_logger, cluster);
        }

        foreach (var (cluster, member) in current)
        {
            if (_members.TryGetValue(cluster, out var running))
            {
                running.Update(member);
                continue;
            }

            var watch = NewMember(member, null);
            watch.Start(null, _query.ForJoin(), _queue.Writer);
            FanOutWatchLog.MemberJoined(_logger, cluster);
        }
    }

    private FanOutWatchMember NewMember(IFanOutMember member, string? position)
    {
        var watch = new FanOutWatchMember(member, _query, position, _options, _time, _logger, _token);
        _members[member.Cluster] = watch;
        return watch;
    }

    private async Task StartAsync(IEnumerable<FanOutFailure> failed)
    {
        var response = _context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache, private";
        foreach (var failure in failed)
        {
            response.Headers.Append("Warning", failure.WarningHeader);
        }

        await response.StartAsync(_token);
        await response.Body.FlushAsync(_token);
    }

    private Task WriteExpiredAsync(string cluster, Status status)
    {
        var expired = Status.Failure(StatusCodes.Status410Gone, "Expired",
            $"cluster {cluster}: {FanOutFailure.ReasonOf(status)}");
        var json = JsonSerializer.SerializeToNode(expired, ResponseJson.For(_context).Options);
        return WriteAsync(new JsonObject { ["type"] = "ERROR", ["object"] = json });
    }

    private async Task WriteAsync(JsonObject watchEvent)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            watchEvent.WriteTo(writer);
        }

        _buffer.Write(NewLine);
        var body = _context.Response.Body;
        await body.WriteAsync(_buffer.WrittenMemory, _token);
        _bytes += _buffer.WrittenCount;

        // Events already queued go out in the same flush; the last one is flushed at once.
        if (!_queue.Reader.TryPeek(out _))
        {
            await body.FlushAsync(_token);
        }
    }

    private static IEnumerable<IFanOutMember> Distinct(IEnumerable<IFanOutMember> members) =>
        members.DistinctBy(m => m.Cluster, StringComparer.Ordinal);

    private static async Task IgnoreCancellationAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
