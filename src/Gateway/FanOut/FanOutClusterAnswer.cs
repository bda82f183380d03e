using System.Buffers;
using System.Text.Json;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>One cluster's answer to a fan-out list: the parsed list, or why there is none.</summary>
/// <param name="Cluster">The cluster.</param>
/// <param name="Document">The JSON list or Table (an object), when it answered 2xx with JSON; pooled memory, disposed
/// with the answer.</param>
/// <param name="ContentType">Its Content-Type.</param>
/// <param name="Failure">Why it is missing.</param>
internal sealed record FanOutClusterAnswer(string Cluster, JsonDocument? Document, string? ContentType, FanOutFailure? Failure)
    : IDisposable
{
    // The budget bytes this answer's body holds until it is disposed.
    private (FanOutBufferBudget Budget, long Bytes)? _held;

    /// <summary>The list object (undefined without <see cref="Document"/>).</summary>
    public JsonElement List => Document?.RootElement ?? default;

    /// <summary>Its <c>kind</c>, or null.</summary>
    public string? Kind => StringProperty(List, "kind");

    /// <summary>Its <c>metadata.continue</c>, or empty.</summary>
    public string Continue => Metadata("continue") ?? "";

    /// <summary>Its <c>metadata.resourceVersion</c>, or null.</summary>
    public string? ResourceVersion => Metadata("resourceVersion");

    /// <inheritdoc />
    public void Dispose()
    {
        Document?.Dispose();
        if (_held is { } held)
        {
            _held = null;
            held.Budget.Return(held.Bytes);
        }
    }

    /// <summary>A string property of an object, or null.</summary>
    /// <param name="element">Any element.</param>
    /// <param name="name">Property name.</param>
    /// <returns>The string, or null when absent or not a string.</returns>
    public static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) &&
        value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private string? Metadata(string name) =>
        Document is not null && List.TryGetProperty("metadata", out var metadata) ? StringProperty(metadata, name) : null;

    /// <summary>Sends the list to one cluster and reads its answer, all within <paramref name="deadline"/>.</summary>
    /// <param name="member">The cluster.</param>
    /// <param name="query">Its query.</param>
    /// <param name="deadline">The per-cluster deadline (<c>--fanout-cluster-timeout</c>).</param>
    /// <param name="budget">The gateway's bytes for buffered bodies; the answer holds its body's share until disposed.
    /// A body that does not fit fails this cluster (503) and holds nothing.</param>
    /// <param name="aborted">The caller's abort token.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="OperationCanceledException">The caller went away.</exception>
    public static async Task<FanOutClusterAnswer> FetchAsync(IFanOutMember member, string query, TimeSpan deadline,
        FanOutBufferBudget budget, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(deadline);
        try
        {
            using var reply = await member.SendAsync(query, timeout.Token);
            if (reply.Failure is { } refused || reply.Response is not { } response)
            {
                return Failed(member.Cluster, reply.Failure ?? Status.Failure(500, "InternalError", "no response"));
            }

            var (body, held) = await ReadCappedAsync(response, budget, timeout.Token);
            using var release = new BudgetRelease(budget, held);
            var contentType = response.Content.Headers.ContentType?.ToString();
            var code = (int)response.StatusCode;
            if (code is < 200 or > 299)
            {
                return Failed(member.Cluster, StatusOf(body, code));
            }

            if (body is null)
            {
                return Failed(member.Cluster, held < 0
                    ? Status.Failure(503, "ServiceUnavailable",
                        "answer not buffered: the gateway holds as many fan-out list bytes as it may; try again or narrow the request")
                    : Status.Failure(502, "BadGateway",
                        $"answered more than {FanOutServices.MaxClusterResponseBytes / (1024 * 1024)} MiB, the fan-out limit per cluster"));
            }

            if (contentType is null || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                return Failed(member.Cluster, Status.Failure(502, "BadGateway",
                    $"answered {contentType ?? "no Content-Type"}, not a JSON list"));
            }

            var document = JsonDocument.Parse(body.WrittenMemory);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return Failed(member.Cluster, Status.Failure(502, "BadGateway", "answered JSON that is not a list"));
            }

            return new FanOutClusterAnswer(member.Cluster, document, contentType, null) { _held = release.Keep() };
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return Failed(member.Cluster, Status.Failure(504, "Timeout",
                $"no complete answer within {deadline.TotalSeconds:0.###}s (--fanout-cluster-timeout)"));
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return Failed(member.Cluster, Status.Failure(503, "ServiceUnavailable", $"answer broken off: {e.Message}"));
        }
        catch (JsonException e)
        {
            return Failed(member.Cluster, Status.Failure(502, "BadGateway", $"answered malformed JSON: {e.Message}"));
        }
    }

    private static FanOutClusterAnswer Failed(string cluster, Status status) =>
        new(cluster, null, null, new FanOutFailure(cluster, status));

    // The Status a cluster answered with, or one standing for its bare code.
    private static Status StatusOf(ArrayBufferWriter<byte>? body, int code)
    {
        try
        {
            if (body is { WrittenCount: > 0 } && JsonSerializer.Deserialize<Status>(body.WrittenSpan) is { Kind: "Status" } status)
            {
                status.Code = code;
                return status;
            }
        }
        catch (JsonException)
        {
            // Not a Status (an HTML error page of a load balancer, say).
        }

        return Status.Failure(code, code == 410 ? "Expired" : "InternalError", $"answered HTTP {code}");
    }

    // The body and the budget bytes it holds; no body when it is larger than the cap (held 0) or does not fit in the
    // budget (held -1): a cluster cannot make the gateway hold unbounded memory. A body that failed holds nothing.
    private static async Task<(ArrayBufferWriter<byte>? Body, long Held)> ReadCappedAsync(HttpResponseMessage response,
        FanOutBufferBudget budget, CancellationToken cancellationToken)
    {
        var cap = FanOutServices.MaxClusterResponseBytes;
        if (response.Content.Headers.ContentLength > cap)
        {
            return (null, 0);
        }

        long held = 0;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new ArrayBufferWriter<byte>((int)Math.Min(response.Content.Headers.ContentLength ?? 16 * 1024, cap) + 1);
            while (true)
            {
                var read = await stream.ReadAsync(buffer.GetMemory(16 * 1024), cancellationToken);
                if (read == 0)
                {
                    var body = (buffer, held);
                    held = 0;
                    return body;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > cap)
                {
                    return (null, 0);
                }

                if (!budget.TryTake(read))
                {
                    return (null, -1);
                }

                held += read;
            }
        }
        finally
        {
            budget.Return(held);
        }
    }

    // Returns a body's budget bytes unless the answer keeps them.
    private sealed class BudgetRelease(FanOutBufferBudget budget, long held) : IDisposable
    {
        private long _held = Math.Max(held, 0);

        public (FanOutBufferBudget, long)? Keep()
        {
            var kept = _held;
            _held = 0;
            return (budget, kept);
        }

        public void Dispose()
        {
            budget.Return(_held);
            _held = 0;
        }
    }
}
