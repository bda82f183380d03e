using System.Text.Json.Nodes;
using System.Threading.Channels;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// One cluster's watch inside a fan-out watch: reads its events into the stream's queue and re-establishes the watch on
/// its own when it ends or breaks, from the last resourceVersion read, with exponential backoff while it keeps failing
/// (client-go's reflector resumes the same way, <c>k8s.io/client-go/tools/cache/reflector.go</c>). A 410 Gone (an HTTP
/// 410 or an ERROR event with code 410) is final: it is queued for the stream, which ends with it.
/// </summary>
internal sealed class FanOutWatchMember
{
    private readonly FanOutWatchQuery _query;
    private readonly FanOutWatchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop;
    private Task _run = Task.CompletedTask;
    private volatile IFanOutMember _member;
    private string? _resourceVersion;

    /// <summary>Creates the watch of one cluster (not started).</summary>
    /// <param name="member">The cluster.</param>
    /// <param name="query">The caller's query.</param>
    /// <param name="startResourceVersion">The cluster's position in the caller's vector, if any.</param>
    /// <param name="options">Tuning.</param>
    /// <param name="time">Clock of the backoff.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="cancellationToken">The stream's token (caller gone, timeout).</param>
    public FanOutWatchMember(IFanOutMember member, FanOutWatchQuery query, string? startResourceVersion,
        FanOutWatchOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        _member = member;
        _query = query;
        _resourceVersion = startResourceVersion;
        _options = options;
        _time = time;
        _logger = logger;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Cluster = member.Cluster;
    }

    /// <summary>The cluster's name.</summary>
    public string Cluster { get; }

    /// <summary>Whether the cluster left the stream; its queued events are dropped.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Cancelled when this cluster's watch stops (left the stream, or the stream ended).</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Replaces the member (same cluster, e.g. new credentials); used from the next attempt on.</summary>
    /// <param name="member">The member.</param>
    public void Update(IFanOutMember member) => _member = member;

    /// <summary>Starts the first attempt (before the stream's headers, so failures become Warning headers).</summary>
    /// <param name="query">The first query.</param>
    /// <returns>The attempt.</returns>
    public Task<FanOutWatchAttempt> OpenAsync(string query) => FanOutWatchAttempt.OpenAsync(_member, query, _stop.Token);

    /// <summary>Runs the cluster's watch until it is stopped or answers 410.</summary>
    /// <param name="first">The first attempt already under way, or null to open with <paramref name="firstQuery"/>.</param>
    /// <param name="firstQuery">The query of the first attempt (start or join semantics).</param>
    /// <param name="sink">The stream's queue.</param>
    public void Start(Task<FanOutWatchAttempt>? first, string firstQuery, ChannelWriter<FanOutWatchItem> sink)
    {
        Started = true;
        _run = RunAsync(first, firstQuery, sink);
    }

    /// <summary>Whether <see cref="Start"/> was called.</summary>
    public bool Started { get; private set; }

    /// <summary>Drops a first attempt that will not be started (the stream ended before): its response is disposed
    /// when it arrives; <see cref="StopAsync"/> waits for that.</summary>
    /// <param name="open">The attempt.</param>
    public void Discard(Task<FanOutWatchAttempt> open)
    {
        if (!Started)
        {
            Started = true;
            _run = DiscardAsync(open);
        }
    }

    /// <summary>Stops the watch and waits for it to end.</summary>
    /// <returns>A task.</returns>
    public async Task StopAsync()
    {
        Stopped = true;
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static async Task DiscardAsync(Task<FanOutWatchAttempt> open)
    {
        try
        {
            (await open).Response?.Dispose();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunAsync(Task<FanOutWatchAttempt>? first, string firstQuery, ChannelWriter<FanOutWatchItem> sink)
    {
        var token = _stop.Token;
        var failures = 0;
        while (!token.IsCancellationRequested)
        {
            var opening = first ?? OpenAsync(_resourceVersion is { } rv ? _query.ForResume(rv) : firstQuery);
            first = null;
            var attempt = await opening;
            var failure = attempt.Failure;
            if (attempt.Response is { } response)
            {
                if (failures > 0)
                {
                    FanOutWatchLog.MemberRecovered(_logger, Cluster, failures);
                }

                var opened = _time.GetTimestamp();
                bool delivered;
                using (response)
                {
                    (delivered, failure) = await PumpAsync(response, sink, token);
                }

                if (delivered)
                {
                    failures = 0;
                }

                if (failure is null)
                {
                    // A server ends watches on its own (its request timeout): resume at once. A stream that ends at
                    // once without an event again and again is backed off, quietly: nothing is lost meanwhile.
                    FanOutWatchLog.MemberEnded(_logger, Cluster, _resourceVersion);
                    failures = delivered || _time.GetElapsedTime(opened) >= _options.MaxBackoff ? 0 : failures + 1;
                    if (failures > 0)
                    {
                        await Task.Delay(Backoff(failures), _time, token);
                    }

                    continue;
                }
            }

            if (failure!.Code == StatusCodes.Status410Gone)
            {
                FanOutWatchLog.MemberExpired(_logger, Cluster, failure.Message);
                await sink.WriteAsync(new FanOutWatchItem(this, null, failure), token);
                return;
            }

            failures++;
            var delay = Backoff(failures);
            FanOutWatchLog.MemberFailed(_logger, Cluster, FanOutFailure.ReasonOf(failure), (long)delay.TotalMilliseconds);
            await Task.Delay(delay, _time, token);
        }
    }

    // Reads events until the stream ends (null failure) or fails; returns whether any event arrived.
    private async Task<(bool Delivered, Status? Failure)> PumpAsync(HttpResponseMessage response,
        ChannelWriter<FanOutWatchItem> sink, CancellationToken token)
    {
        var delivered = false;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(token);
            await using var reader = new FanOutWatchLineReader(body, _options.MaxEventBytes);
            while (await reader.ReadAsync(token) is { } watchEvent)
            {
                var type = watchEvent["type"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
                if (type == "ERROR")
                {
                    return (delivered, ErrorStatus(watchEvent));
                }

                if (type is not ("ADDED" or "MODIFIED" or "DELETED" or "BOOKMARK") ||
                    watchEvent["object"] is not JsonObject obj)
                {
                    return (delivered, FanOutWatchAttempt.Unavailable($"unexpected watch event type {type ?? "(none)"}"));
                }

                if (EventResourceVersion(obj) is { } rv)
                {
                    _resourceVersion = FanOutWatchEvents.Later(_resourceVersion, rv);
                }

                delivered = true;
                await sink.WriteAsync(new FanOutWatchItem(this, watchEvent, null), token);
            }

            return (delivered, null);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or InvalidDataException
                                      or OperationCanceledException)
        {
            return (delivered, FanOutWatchAttempt.Unavailable(e.Message));
        }
    }

    /// <summary>The resourceVersion an event advances its cluster to: the object's, or for a Table event the Table's
    /// (its first row object's when the Table has none).</summary>
    /// <param name="obj">The event's object.</param>
    /// <returns>The resourceVersion, or null.</returns>
    public static string? EventResourceVersion(JsonObject obj) =>
        FanOutWatchEvents.ResourceVersionOf(obj) ??
        (obj["rows"] is JsonArray { Count: > 0 } rows && rows[0]?["object"] is JsonObject row
            ? FanOutWatchEvents.ResourceVersionOf(row)
            : null);

    private static Status ErrorStatus(JsonObject watchEvent)
    {
        var obj = watchEvent["object"] as JsonObject;
        var code = obj?["code"] is JsonValue c && c.TryGetValue<int>(out var n) ? n : 500;
        var message = obj?["message"] is JsonValue m && m.TryGetValue<string>(out var text) ? text : "watch error";
        var reason = obj?["reason"] is JsonValue r && r.TryGetValue<string>(out var why) ? why : "InternalError";
        return Status.Failure(code, reason, message);
    }

    private TimeSpan Backoff(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.InitialBackoff.Ticks * factor, _options.MaxBackoff.Ticks));
        return delay < _options.MaxBackoff ? delay : _options.MaxBackoff;
    }
}
