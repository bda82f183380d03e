using System.Text.Json;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>What one attempt to open a cluster's watch gave: an open stream, a 410, or a failure.</summary>
/// <param name="Response">The 2xx response whose body is the event stream (the owner disposes it); null otherwise.</param>
/// <param name="Failure">The Status of a failed attempt (410 Expired included); null when open.</param>
internal sealed record FanOutWatchAttempt(HttpResponseMessage? Response, Status? Failure)
{
    // A Status body is small; a cluster answering megabytes of error is cut (the message is only for humans).
    private const int MaxStatusBytes = 64 * 1024;

    /// <summary>Whether the cluster answered 410 Gone: the stream cannot resume it without a gap.</summary>
    public bool Expired => Failure?.Code == StatusCodes.Status410Gone;

    /// <summary>Sends the watch request to <paramref name="member"/> and classifies the answer.</summary>
    /// <param name="member">The cluster.</param>
    /// <param name="query">The raw query.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The attempt; never throws except for cancellation.</returns>
    public static async Task<FanOutWatchAttempt> OpenAsync(IFanOutMember member, string query,
        CancellationToken cancellationToken)
    {
        HttpResponseMessage? response = null;
        try
        {
            var reply = await member.SendAsync(query, cancellationToken);
            if (reply.Failure is { } failure || reply.Response is null)
            {
                reply.Dispose();
                return new(null, reply.Failure ?? Unavailable("no response"));
            }

            response = reply.Response;
            if (response.IsSuccessStatusCode)
            {
                return new(response, null);
            }

            var status = await ReadStatusAsync(response, cancellationToken);
            response.Dispose();
            return new(null, status);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException
                                      or InvalidOperationException)
        {
            response?.Dispose();
            return new(null, Unavailable(e.Message));
        }
    }

    /// <summary>A 503 Status for a cluster that could not be watched.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The Status.</returns>
    public static Status Unavailable(string reason) => Status.Failure(503, "ServiceUnavailable", reason);

    private static async Task<Status> ReadStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var code = (int)response.StatusCode;
        var buffer = new byte[MaxStatusBytes];
        var length = 0;
        await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
        {
            int read;
            while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }
        }

        try
        {
            if (JsonSerializer.Deserialize<Status>(buffer.AsSpan(0, length)) is { Message: not null } status)
            {
                status.Code = code;
                return status;
            }
        }
        catch (JsonException)
        {
            // Not a Status (a proxy's HTML page, a cut body): the code and reason phrase say enough.
        }

        return Status.Failure(code, response.ReasonPhrase ?? "Failure",
            $"the cluster answered {code} {response.ReasonPhrase}".TrimEnd());
    }
}
