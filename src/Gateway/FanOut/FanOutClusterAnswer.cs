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
    /// <summary>The list object (undefined without <see cref="Document"/>).</summary>
    public JsonElement List => Document?.RootElement ?? default;

    /// <summary>Its <c>kind</c>, or null.</summary>
    public string? Kind => StringProperty(List, "kind");

    /// <summary>Its <c>metadata.continue</c>, or empty.</summary>
    public string Continue => Metadata("continue") ?? "";

    /// <summary>Its <c>metadata.resourceVersion</c>, or null.</summary>
    public string? ResourceVersion => Metadata("resourceVersion");

    /// <inheritdoc />
    public void Dispose() => Document?.Dispose();

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
    /// <param name="aborted">The caller's abort token.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="OperationCanceledException">The caller went away.</exception>
    public static async Task<FanOutClusterAnswer> FetchAsync(IFanOutMember member, string query, TimeSpan deadline,
        CancellationToken aborted)
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

            var body = await ReadCappedAsync(response, timeout.Token);
            var contentType = response.Content.Headers.ContentType?.ToString();
            var code = (int)response.StatusCode;
            if (code is < 200 or > 299)
            {
                return Failed(member.Cluster, StatusOf(body, code));
            }

            if (body is null)
            {
                return Failed(member.Cluster, Status.Failure(502, "BadGateway",
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

            return new FanOutClusterAnswer(member.Cluster, document, contentType, null);
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

    // The body, or null when it is larger than the cap (a cluster cannot make the gateway hold unbounded memory).
    private static async Task<ArrayBufferWriter<byte>?> ReadCappedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var cap = FanOutServices.MaxClusterResponseBytes;
        if (response.Content.Headers.ContentLength > cap)
        {
            return null;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(response.Content.Headers.ContentLength ?? 16 * 1024, cap) + 1);
        while (true)
        {
            var read = await stream.ReadAsync(buffer.GetMemory(16 * 1024), cancellationToken);
            if (read == 0)
            {
                return buffer;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > cap)
            {
                return null;
            }
        }
    }
}
