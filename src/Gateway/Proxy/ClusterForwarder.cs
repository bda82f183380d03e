using System.Buffers;
using System.Net.Http.Headers;
using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Kube.Models;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>
/// Forwards one HTTP request to a cluster and streams the answer back (YARP <c>HttpForwarder</c> shape, much smaller):
/// <list type="number">
/// <item>lift Kestrel's minimum data rates: proxied requests are long-running and no timeout applies;</item>
/// <item>build the request (<see cref="ClusterRequestBuilder"/>: method, raw path and query, forwardable headers,
/// the cluster's credential);</item>
/// <item>stream the request body, send with <see cref="HttpCompletionOption.ResponseHeadersRead"/>;</item>
/// <item>copy status and headers, then the body, flushing before every read that would wait, so watch events and
/// <c>logs -f</c> lines arrive as they happen (upstream flushed every 200 ms).</item>
/// </list>
/// Upgrade requests take <see cref="UpgradeForwarder"/>, which shares steps 1-3 and, for a non-101 answer, step 4.
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
        LiftDataRates(context);

        // :: Step 2-3. Build and send.
        using var request = ClusterRequestBuilder.Create(proxyRequest, transport, target, upgrade: false);
        HttpResponseMessage response;
        try
        {
            response = await transport.Invoker.SendAsync(request, context.RequestAborted);
        }
        catch (Exception e) when (IsSendFailure(e, context, transport, out var failure))
        {
            return failure;
        }

        using (response)
        {
            // :: Step 4. Status, headers, then the body chunk by chunk.
            await RelayAsync(context, response);
        }

        return null;
    }

    /// <summary>Turns off Kestrel's minimum request and response data rates for this request.</summary>
    /// <param name="context">The inbound request.</param>
    internal static void LiftDataRates(HttpContext context)
    {
        context.Features.Get<IHttpMinRequestBodyDataRateFeature>()?.MinDataRate = null;
        context.Features.Get<IHttpMinResponseDataRateFeature>()?.MinDataRate = null;
    }

    /// <summary>Sends the request with the cluster's invoker (headers read, body not buffered).</summary>
    /// <param name="context">The inbound request (its abort token cancels the send).</param>
    /// <param name="transport">The cluster's transport.</param>
    /// <param name="request">The upstream request.</param>
    /// <returns>The response; or no response and the Status to send (400 when the caller's body is malformed, 503
    /// unreachable), or neither when the caller went away.</returns>
    internal static async Task<(HttpResponseMessage? Response, Status? Failure)> SendAsync(HttpContext context,
        ClusterTransport transport, HttpRequestMessage request)
    {
        try
        {
            return (await transport.Invoker.SendAsync(request, context.RequestAborted), null);
        }
        catch (Exception e) when (IsSendFailure(e, context, transport, out var failure))
        {
            return (null, failure);
        }
    }

    /// <summary>Whether a send failed in a way answered with a Status (or with nothing, when the caller went away).</summary>
    /// <param name="e">What the send threw.</param>
    /// <param name="context">The inbound request.</param>
    /// <param name="transport">The cluster's transport.</param>
    /// <param name="failure">400 when the caller's body is malformed, 503 when the cluster is unreachable; null when
    /// the caller went away.</param>
    /// <returns>False for anything else (it propagates).</returns>
    private static bool IsSendFailure(Exception e, HttpContext context, ClusterTransport transport, out Status? failure)
    {
        failure = null;
        switch (e)
        {
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                return true;
            case HttpRequestException http when MalformedRequestBody(http) is { } malformed:
                // The caller's body, not the cluster, failed (e.g. bad chunked framing): the caller's error.
                failure = ApiStatuses.BadRequest($"malformed request body: {malformed.Message}");
                return true;
            case HttpRequestException http:
                var cluster = transport.Gateway.Metadata.Name;
                failure = Status.Failure(503, "ServiceUnavailable",
                    $"cluster {cluster} is unreachable: {ClusterTransportErrors.Describe(http)}");
                return true;
            default:
                return false;
        }
    }

    /// <summary>Relays status, headers and the body (flushed before every read that would wait) of a cluster's response to the caller.</summary>
    /// <param name="context">The inbound request.</param>
    /// <param name="response">The cluster's response; the caller disposes it.</param>
    /// <returns>A task completing when the body ended or either side went away (then the response is aborted).</returns>
    internal static async Task RelayAsync(HttpContext context, HttpResponseMessage response)
    {
        var aborted = context.RequestAborted;
        context.Response.StatusCode = (int)response.StatusCode;
        CopyResponseHeaders(response, context.Response);
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await context.Response.StartAsync(aborted);

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long relayed = 0;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(aborted);
            while (true)
            {
                // Flush whatever is held (the headers, the last chunk) before waiting for more, so an idle watch gets
                // its headers and every event as it happens; a body already at hand goes out with the headers in one
                // write instead of one flush per piece (YARP's StreamCopier flushes the same way).
                var pending = body.ReadAsync(buffer, aborted);
                if (!pending.IsCompleted)
                {
                    await context.Response.Body.FlushAsync(aborted);
                }

                var read = await pending;
                if (read == 0)
                {
                    break;
                }

                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), aborted);
                relayed += read;
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
            RequestState.Of(context).ResponseBytes = relayed;
        }
    }

    private static void CopyResponseHeaders(HttpResponseMessage response, HttpResponse outbound)
    {
        // Non-validated: the values as the cluster sent them, without parsing each header (and its lock).
        Copy(response.Headers.NonValidated, outbound);
        Copy(response.Content.Headers.NonValidated, outbound);
    }

    private static void Copy(HttpHeadersNonValidated headers, HttpResponse outbound)
    {
        foreach (var (name, values) in headers)
        {
            if (!ProxyHeaders.IsForwardedResponseHeader(name))
            {
                continue;
            }

            if (values.Count == 1)
            {
                outbound.Headers[name] = values.ToString();
                continue;
            }

            var all = new string[values.Count];
            var i = 0;
            foreach (var value in values)
            {
                all[i++] = value;
            }

            outbound.Headers[name] = all;
        }
    }

    /// <summary>
    /// The inbound body's framing error (Kestrel's <see cref="Microsoft.AspNetCore.Http.BadHttpRequestException"/>:
    /// bad chunk size, body shorter than Content-Length ...) when that is why sending failed, found among the inner
    /// exceptions: HttpClient wraps the exception of the content stream it copies from.
    /// </summary>
    private static Microsoft.AspNetCore.Http.BadHttpRequestException? MalformedRequestBody(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is Microsoft.AspNetCore.Http.BadHttpRequestException bad)
            {
                return bad;
            }
        }

        return null;
    }
}
