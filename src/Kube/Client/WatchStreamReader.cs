using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterGateway.Kube.Json;
using ClusterGateway.Kube.Models;
using Microsoft.Extensions.Logging;

namespace ClusterGateway.Kube.Client;

/// <summary>
/// Decodes a watch body: one <c>{"type":..,"object":..}</c> JSON document per line
/// (https://kubernetes.io/docs/reference/using-api/api-concepts/#watch-bookmarks). ERROR events throw
/// <see cref="KubeApiException"/>; malformed lines and unknown types are logged and skipped.
/// </summary>
internal static class WatchStreamReader
{
    public static async IAsyncEnumerable<WatchEvent<T>> ReadAsync<T>(
        Stream stream, string source, ILogger logger, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false,
            bufferSize: 16 * 1024, leaveOpen: true);
        while (await ReadLineAsync(reader, cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (Parse<T>(line, source, logger) is { } watchEvent)
            {
                yield return watchEvent;
            }
        }
    }

    /// <summary>One line to an event; <see langword="null"/> when it is skipped.</summary>
    /// <exception cref="KubeApiException">An ERROR event.</exception>
    internal static WatchEvent<T>? Parse<T>(string line, string source, ILogger logger)
        where T : class
    {
        RawEvent? raw;
        try
        {
            raw = JsonSerializer.Deserialize<RawEvent>(line, KubeJson.Options);
        }
        catch (JsonException e)
        {
            KubeClientLog.WatchLineMalformed(logger, source, e.Message);
            return null;
        }

        if (raw?.Type is null || raw.Object.ValueKind != JsonValueKind.Object)
        {
            KubeClientLog.WatchLineMalformed(logger, source, "no type or object");
            return null;
        }

        WatchEventType type;
        switch (raw.Type)
        {
            case "ADDED": type = WatchEventType.Added; break;
            case "MODIFIED": type = WatchEventType.Modified; break;
            case "DELETED": type = WatchEventType.Deleted; break;
            case "BOOKMARK": type = WatchEventType.Bookmark; break;
            case "ERROR": throw new KubeApiException(ErrorStatus(raw.Object));
            default:
                KubeClientLog.WatchEventUnknown(logger, raw.Type, source);
                return null;
        }

        try
        {
            return raw.Object.Deserialize<T>(KubeJson.Options) is { } obj ? new WatchEvent<T>(type, obj) : null;
        }
        catch (JsonException e)
        {
            KubeClientLog.WatchLineMalformed(logger, source, e.Message);
            return null;
        }
    }

    private static Status ErrorStatus(JsonElement element)
    {
        try
        {
            if (element.Deserialize<Status>(KubeJson.Options) is { } status && (status.Code > 0 || status.Reason is not null))
            {
                status.Code = status.Code > 0 ? status.Code : 500;
                return status;
            }
        }
        catch (JsonException)
        {
            // Fall through.
        }

        return Status.Failure(500, "InternalError", $"watch ERROR event: {element.GetRawText()}");
    }

    private static async ValueTask<string?> ReadLineAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested &&
                                  e is IOException or ObjectDisposedException or HttpRequestException)
        {
            throw new OperationCanceledException("The watch was cancelled.", e, cancellationToken);
        }
    }

    private sealed class RawEvent
    {
        [JsonPropertyName("type")]
        public string? Type { get; set; }

        [JsonPropertyName("object")]
        public JsonElement Object { get; set; }
    }
}
