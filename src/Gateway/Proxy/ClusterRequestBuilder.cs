using ClusterGateway.Gateway.Proxy.Connections;
using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>
/// Builds the upstream request for a proxied call, shared by <see cref="ClusterForwarder"/> and
/// <see cref="UpgradeForwarder"/>:
/// <list type="number">
/// <item>method and absolute target (raw path and raw query, so repeated <c>command=</c> survive);</item>
/// <item>the forwardable inbound headers (<see cref="ProxyHeaders"/>: no hop-by-hop - neither the fixed ones nor
/// those the caller's <c>Connection</c> names - no inbound identity), and <c>X-Forwarded-For</c> with the caller's
/// address appended;</item>
/// <item>the credential: <see cref="ProxyRequestContext.BearerToken"/>, else the cluster's token (the client
/// certificate lives in the pooled handler), then the filters' <see cref="ProxyRequestContext.UpstreamHeaders"/>.</item>
/// </list>
/// Normal requests prefer HTTP/2 and stream their body. Upgrade requests (exec, attach, port-forward) go out on
/// HTTP/1.1 exactly - HTTP/2 cannot carry <c>Upgrade</c> (OCM cluster-proxy: "http2 can not upgrade to SPDY") - with
/// <c>Connection: Upgrade</c> and the inbound <c>Upgrade</c> value, and never a body: after a 101 the connection itself
/// is the body (peers-protocols §D4).
/// </summary>
internal static class ClusterRequestBuilder
{
    private const int BufferSize = 64 * 1024;
    private const string ForwardedFor = "X-Forwarded-For";
    private const string TraceParent = "traceparent";
    private const string TraceState = "tracestate";

    /// <summary>Builds the upstream request.</summary>
    /// <param name="proxyRequest">The proxied request (filters' upstream headers and token included).</param>
    /// <param name="transport">The cluster's transport (its bearer token is the default credential).</param>
    /// <param name="target">Absolute upstream URL.</param>
    /// <param name="upgrade">Build the HTTP/1.1 upgrade request instead of a normal one.</param>
    /// <returns>The request; the caller disposes it.</returns>
    public static HttpRequestMessage Create(ProxyRequestContext proxyRequest, ClusterTransport transport, Uri target,
        bool upgrade)
    {
        var context = proxyRequest.HttpContext;
        var inbound = context.Request;
        var request = new HttpRequestMessage(MethodOf(inbound.Method), target)
        {
            Version = upgrade ? HttpVersion.Version11 : HttpVersion.Version20,
            VersionPolicy = upgrade ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower,
        };

        var bodyDetection = context.Features.Get<IHttpRequestBodyDetectionFeature>();
        if (!upgrade && (bodyDetection?.CanHaveBody ?? inbound.ContentLength > 0))
        {
            // Streamed, never buffered.
            request.Content = new StreamContent(inbound.Body, BufferSize);
        }

        var connectionNamed = ProxyHeaders.ConnectionNamed(inbound.Headers.Connection);
        foreach (var (name, values) in inbound.Headers)
        {
            if (!ProxyHeaders.IsForwardedRequestHeader(name) || connectionNamed.Contains(name) ||
                name.Equals(ForwardedFor, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!TryAdd(request.Headers, name, values))
            {
                // A content header (Content-Type ...), where the request has a body.
                if (request.Content is { } content)
                {
                    TryAdd(content.Headers, name, values);
                }
            }
        }

        var prior = connectionNamed.Contains(ForwardedFor) ? default : inbound.Headers[ForwardedFor];
        if (ProxyHeaders.ForwardedFor(prior, context.Connection.RemoteIpAddress) is { } forwardedFor)
        {
            request.Headers.TryAddWithoutValidation(ForwardedFor, forwardedFor);
        }

        if (upgrade)
        {
            request.Headers.TryAddWithoutValidation(HeaderNames.Connection, HeaderNames.Upgrade);
            request.Headers.TryAddWithoutValidation(HeaderNames.Upgrade, (IEnumerable<string?>)inbound.Headers.Upgrade);
        }

        var authorization = proxyRequest.BearerToken is { } own
            ? (own.Length > 0 ? "Bearer " + own : null)
            : transport.BearerAuthorization;
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation(HeaderNames.Authorization, authorization);
        }

        AddUpstreamHeaders(request, proxyRequest.UpstreamHeaders);
        if (proxyRequest.Traced)
        {
            // The transport injects the client span's context, but never over a header that is already there; the
            // caller's context is the server span's parent, so the trace continues through the gateway.
            request.Headers.Remove(TraceParent);
            request.Headers.Remove(TraceState);
        }

        return request;
    }

    // One value (nearly every header) without boxing the values and enumerating the box.
    private static bool TryAdd(System.Net.Http.Headers.HttpHeaders headers, string name,
        Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 1
            ? headers.TryAddWithoutValidation(name, values[0])
            : headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);

    // A header the gateway adds more than once (one Impersonate-Group per group) must leave as one line per value,
    // which HttpClient cannot do: such lines are packed into a marker and the request goes over HTTP/1.1, whose
    // connections expand the marker on the wire (RepeatedHeaderLines).
    private static void AddUpstreamHeaders(HttpRequestMessage request, List<KeyValuePair<string, string>> headers)
    {
        if (!HasRepeatedName(headers))
        {
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            return;
        }

        AddWithRepeatedNames(request, headers);
    }

    // Apart from the common case: the lambda's closure would otherwise be allocated on entry, for every request.
    private static void AddWithRepeatedNames(HttpRequestMessage request, List<KeyValuePair<string, string>> headers)
    {
        var repeated = headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Skip(1).Any())
            .Select(g => g.Key)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            if (!repeated.Contains(name))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (repeated.Count > 0)
        {
            request.Version = HttpVersion.Version11;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            request.Headers.TryAddWithoutValidation(RepeatedHeaderLines.HeaderName,
                RepeatedHeaderLines.Encode(headers.Where(h => repeated.Contains(h.Key))));
        }
    }

    // A handful of headers at most (Impersonate-User, -Group ..., -Extra-*): pairwise is cheaper than grouping.
    private static bool HasRepeatedName(List<KeyValuePair<string, string>> headers)
    {
        for (var i = 1; i < headers.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(headers[i].Key, headers[j].Key, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // The shared instances for the usual methods; methods are case-sensitive (RFC 9110 §9.1), so only exact names.
    private static HttpMethod MethodOf(string method) => method switch
    {
        "GET" => HttpMethod.Get,
        "POST" => HttpMethod.Post,
        "PUT" => HttpMethod.Put,
        "PATCH" => HttpMethod.Patch,
        "DELETE" => HttpMethod.Delete,
        "HEAD" => HttpMethod.Head,
        "OPTIONS" => HttpMethod.Options,
        _ => new HttpMethod(method),
    };
}
