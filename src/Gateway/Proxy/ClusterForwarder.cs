using System.Buffers;
using ClusterGateway.Kube.Models;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Net.Http.Headers;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>
/// Forwards one HTTP request to a cluster and streams the answer back (YARP <c>HttpForwarder</c> shape, much smaller):
/// <list type="number">
/// <item>copy method, raw path and query, and the forwardable headers (<see cref="ProxyHeaders"/>);</item>
/// <item>add the cluster's credential (the client certificate lives in the pooled handler);</item>
/// <item>stream the request body, send with <see cref="HttpCompletionOption.ResponseHeadersRead"/>;</item>
/// <item>copy status and headers, then copy the body flushing after every read, so watch events and
/// <c>logs -f</c> lines arrive as they happen (upstream flushed every 200 ms).</item>
/// </list>
/// Proxied requests are long-running: Kestrel's minimum data rates are lifted and no timeout applies.
/// </summary>
internal static class ClusterForwarder
{
    private const int BufferSize = 64 * 1024;

    /// <summary>Forwards the request; returns a Status to send instead when the cluster could not be reached.</summary>
    /// <param name="proxyRequest">The proxied request (filters' upstream headers and token included).</param>
    /// <param name="transport">The cluster's transport.</param>
    /// <param name="target">Absolute upstream URL.</param>
    /// <returns><see langword="null"/> when the response was proxied; otherwise the Status to write.</returns>
    public static async Task<Status?> ForwardAsync(ProxyRequestContext proxyRequest, ClusterTransport transport, Uri target)
    {
        var context = proxyRequest.HttpContext;
        // :: Step 1. Long-running: watches and log streams may be idle for minutes.
        context.Features.Get<IHttpMinRequestBodyDataRateFeature>()?.MinDataRate = null;
        context.Features.Get<IHttpMinResponseDataRateFeature>()?.MinDataRate = null;

        var cluster = transport.Gateway.Metadata.Name;
        using var request = CreateRequest(proxyRequest, transport, target);
        var aborted = context.RequestAborted;

        HttpResponseMessage response;
        try
        {
            response = await transport.Invoker.SendAsync(request, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return null;
        }
        catch (HttpRequestException e)
        {
            return Status.Failure(503, "ServiceUnavailable", $"cluster {cluster} is unreachable: {Describe(e)}");
        }

        using (response)
        {
            // :: Step 4. Status, headers, then the body chunk by chunk.
            context.Response.StatusCode = (int)response.StatusCode;
            CopyResponseHeaders(response, context.Response);
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await context.Response.StartAsync(aborted);

            await using var body = await response.Content.ReadAsStreamAsync(aborted);
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer, aborted)) > 0)
                {
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), aborted);
                    await context.Response.Body.FlushAsync(aborted);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
            {
                // The caller went away or the cluster cut the stream: headers are sent, so end the response abruptly
                // rather than pretend the body was complete.
                if (!aborted.IsCancellationRequested)
                {
                    context.Abort();
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        return null;
    }

    private static HttpRequestMessage CreateRequest(ProxyRequestContext proxyRequest, ClusterTransport transport, Uri target)
    {
        var context = proxyRequest.HttpContext;
        // :: Step 2. Method, URL, headers, credential.
        var inbound = context.Request;
        var request = new HttpRequestMessage(new HttpMethod(inbound.Method), target)
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

        var bodyDetection = context.Features.Get<IHttpRequestBodyDetectionFeature>();
        if (bodyDetection?.CanHaveBody ?? inbound.ContentLength > 0)
        {
            // :: Step 3. Streamed, never buffered.
            request.Content = new StreamContent(inbound.Body, BufferSize);
        }

        foreach (var (name, values) in inbound.Headers)
        {
            if (!ProxyHeaders.IsForwardedRequestHeader(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        if ((proxyRequest.BearerToken ?? transport.BearerToken) is { Length: > 0 } token)
        {
            request.Headers.TryAddWithoutValidation(HeaderNames.Authorization, "Bearer " + token);
        }

        foreach (var (name, value) in proxyRequest.UpstreamHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private static void CopyResponseHeaders(HttpResponseMessage response, HttpResponse outbound)
    {
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (ProxyHeaders.IsForwardedResponseHeader(name))
            {
                outbound.Headers[name] = values.ToArray();
            }
        }
    }

    private static string Describe(Exception e)
    {
        var messages = new List<string>();
        for (var current = e; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
        }

        return string.Join(": ", messages.Distinct(StringComparer.Ordinal));
    }
}
