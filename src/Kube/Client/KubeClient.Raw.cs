using System.Text;

namespace ClusterGateway.Kube.Client;

public sealed partial class KubeClient
{
    /// <summary>The most a raw body is read into memory (<see cref="GetRawAsync"/>); the rest is dropped.</summary>
    public const int MaxRawBodyBytes = 1 << 20;

    /// <summary>
    /// GET any path of the server and read the body as text (UTF-8), like <c>kubectl get --raw</c>: health endpoints
    /// (<c>/healthz</c>), or a subresource that is no object, e.g. an aggregated
    /// <c>/apis/cluster.core.oam.dev/v1alpha1/clustergateways/{name}/proxy/healthz</c>. At most
    /// <see cref="MaxRawBodyBytes"/> bytes are kept (<see cref="RawResponse.Truncated"/>).
    /// </summary>
    /// <param name="pathAndQuery">Absolute path (starting with <c>/</c>) and optional query, already escaped.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The 2xx status code, content type and body.</returns>
    /// <exception cref="ArgumentException">The path is not absolute.</exception>
    /// <exception cref="KubeApiException">Non-2xx; the Status is the body's, or synthesized from the code and text.</exception>
    /// <exception cref="TimeoutException">No answer within <see cref="Config.KubeClientOptions.RequestTimeout"/>.</exception>
    public async Task<RawResponse> GetRawAsync(string pathAndQuery, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathAndQuery);
        if (!pathAndQuery.StartsWith('/'))
        {
            throw new ArgumentException("The path must start with '/'.", nameof(pathAndQuery));
        }

        using var timeout = StartTimeout(cancellationToken);
        try
        {
            using var response = await SendRawAsync(HttpMethod.Get, pathAndQuery, null, timeout.Token).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var (body, truncated) = await ReadLimitedAsync(stream, MaxRawBodyBytes, timeout.Token).ConfigureAwait(false);
                return new RawResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, truncated);
            }
        }
        catch (OperationCanceledException e) when (IsTimeout(timeout, cancellationToken))
        {
            throw TimeoutError(HttpMethod.Get, pathAndQuery, e);
        }
    }

    private static async Task<(string Body, bool Truncated)> ReadLimitedAsync(
        Stream stream, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(limit, 16 * 1024)];
        using var collected = new MemoryStream();
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var keep = (int)Math.Min(read, limit - collected.Length);
            collected.Write(buffer, 0, keep);
            if (keep < read)
            {
                // Over the limit: stop reading; disposing the response drops the rest of the connection's body.
                return (Encoding.UTF8.GetString(collected.GetBuffer(), 0, (int)collected.Length), true);
            }
        }

        return (Encoding.UTF8.GetString(collected.GetBuffer(), 0, (int)collected.Length), false);
    }
}

/// <summary>A 2xx answer of <see cref="KubeClient.GetRawAsync"/>.</summary>
/// <param name="StatusCode">HTTP status code (2xx).</param>
/// <param name="ContentType">Media type of the body, e.g. <c>text/plain</c>; <see langword="null"/> when not sent.</param>
/// <param name="Body">The body as UTF-8 text (at most <see cref="KubeClient.MaxRawBodyBytes"/> bytes of it).</param>
/// <param name="Truncated">Whether the body was longer and cut.</param>
public sealed record RawResponse(int StatusCode, string? ContentType, string Body, bool Truncated);
