using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport;

/// <summary>
/// Watch: newline-delimited <c>{"type","object"}</c> events flushed one by one; initial ADDED events without a
/// resourceVersion (or "0"); replay after a given one; 410 Expired as an ERROR event when compacted away;
/// selectors (objects leaving the selection are DELETED, entering ADDED); Table and metadata-only output;
/// bookmarks; <c>sendInitialEvents</c>; <c>timeoutSeconds</c>.
/// </summary>
internal sealed class WatchHandler(FakeApiServer server)
{
    public async Task HandleAsync(HttpContext context, FakeResource resource, string? ns, string? name)
    {
        var query = context.Request.Query;
        var format = ContentNegotiation.Negotiate(context.Request.Headers.Accept.ToString());
        var includeObject = format == OutputFormat.Table ? TableWriter.ParseIncludeObject(query["includeObject"]) : "";
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        bool Matches(JsonObject? o) => o is not null && labels.Matches(o) && fields.Matches(o) &&
            (name is null || ObjectMeta.Name(o) == name);

        var sendInitialEvents = string.Equals(query["sendInitialEvents"], "true", StringComparison.Ordinal);
        var bookmarks = string.Equals(query["allowWatchBookmarks"], "true", StringComparison.Ordinal);
        long? from = null;
        var rvText = query["resourceVersion"].ToString();
        if (!sendInitialEvents && rvText.Length > 0 && rvText != "0")
        {
            from = long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var rv)
                ? rv
                : throw FakeApiException.BadRequest($"resourceVersion: Invalid value: \"{rvText}\"");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, server.Stopping);
        if (int.TryParse(query["timeoutSeconds"], out var seconds) && seconds > 0)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = ContentNegotiation.ContentType(format);
        context.Response.Headers.CacheControl = "no-cache, private";
        IReadOnlyList<StoreEvent> initial;
        StoreWatcher watcher;
        var startRv = server.Store.ResourceVersion;
        try
        {
            (initial, watcher) = server.Store.Watch(resource, ns, from);
        }
        catch (FakeApiException e) when (e.Code == 410)
        {
            await WriteEventAsync(context, "ERROR", e.ToStatus(), timeout.Token);
            return;
        }

        using (watcher)
        {
            await context.Response.StartAsync(timeout.Token);
            await context.Response.Body.FlushAsync(timeout.Token);
            try
            {
                foreach (var e in initial)
                {
                    await SendAsync(context, resource, e, Matches, format, includeObject, timeout.Token);
                }

                if (sendInitialEvents && bookmarks)
                {
                    var rv = initial.Count > 0 ? initial.Max(e => e.ResourceVersion) : startRv;
                    await WriteBookmarkAsync(context, resource, format, rv, initialEventsEnd: true, timeout.Token);
                }

                await PumpAsync(context, resource, watcher, Matches, format, includeObject, bookmarks, timeout.Token);
            }
            catch (OperationCanceledException)
            {
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task PumpAsync(HttpContext context, FakeResource resource, StoreWatcher watcher,
        Func<JsonObject?, bool> matches, OutputFormat format, string includeObject, bool bookmarks,
        CancellationToken ct)
    {
        var interval = bookmarks && format != OutputFormat.Table ? server.Options.WatchBookmarkInterval : null;
        var lastRv = server.Store.ResourceVersion;
        while (true)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (interval is { } every)
            {
                wait.CancelAfter(every);
            }

            bool more;
            try
            {
                more = await watcher.Reader.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                await WriteBookmarkAsync(context, resource, format, Math.Max(lastRv, server.Store.ResourceVersion),
                    initialEventsEnd: false, ct);
                continue;
            }

            if (!more)
            {
                return;
            }

            while (watcher.Reader.TryRead(out var e))
            {
                lastRv = e.ResourceVersion;
                await SendAsync(context, resource, e, matches, format, includeObject, ct);
            }
        }
    }

    private async Task SendAsync(HttpContext context, FakeResource resource, StoreEvent e,
        Func<JsonObject?, bool> matches, OutputFormat format, string includeObject, CancellationToken ct)
    {
        var now = matches(e.Object);
        var before = matches(e.Previous);
        var type = e.Type switch
        {
            "ADDED" when now => "ADDED",
            "MODIFIED" when now && before => "MODIFIED",
            "MODIFIED" when now => "ADDED",
            "MODIFIED" when before => "DELETED",
            "DELETED" when before || (e.Previous is null && now) => "DELETED",
            _ => null,
        };
        if (type is null)
        {
            return;
        }

        var obj = FakeObjectStore.Present(resource, e.Object);
        JsonObject payload = format switch
        {
            OutputFormat.Table => TableWriter.ToTable([obj], includeObject, server.Store.Time.GetUtcNow(),
                ObjectMeta.ResourceVersion(obj), columns: PrinterColumns.For(server.Store, resource)),
            OutputFormat.PartialObjectMetadata => TableWriter.PartialObjectMetadata(obj),
            _ => obj,
        };
        await WriteEventAsync(context, type, payload, ct);
    }

    private static Task WriteBookmarkAsync(HttpContext context, FakeResource resource, OutputFormat format, long rv,
        bool initialEventsEnd, CancellationToken ct)
    {
        var metadata = new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        var partial = format == OutputFormat.PartialObjectMetadata;
        return WriteEventAsync(context, "BOOKMARK", new JsonObject
        {
            ["kind"] = partial ? "PartialObjectMetadata" : resource.Kind,
            ["apiVersion"] = partial ? "meta.k8s.io/v1" : resource.ApiVersion,
            ["metadata"] = metadata,
        }, ct);
    }

    private static async Task WriteEventAsync(HttpContext context, string type, JsonObject obj, CancellationToken ct)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj }.ToJsonString() + "\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), ct);
        await context.Response.Body.FlushAsync(ct);
    }
}
