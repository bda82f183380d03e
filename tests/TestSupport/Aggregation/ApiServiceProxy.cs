using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ClusterGateway.TestSupport.Aggregation;

/// <summary>
/// Proxies one request to an APIService's backend like k8s.io/kube-aggregator/pkg/apiserver/handler_proxy.go
/// (<c>proxyHandler.ServeHTTP</c>) with apimachinery's <c>UpgradeAwareHandler</c>:
/// <list type="number">
/// <item>the APIService not <c>Available</c>, or no endpoint: 503 <c>service unavailable</c> (plain text, as
/// <c>http.Error</c> writes it);</item>
/// <item>a new HTTP/1.1 connection per request (so a changed <c>caBundle</c> applies to the next request), TLS as
/// <see cref="BackendDialer"/> does;</item>
/// <item>request: method, escaped path, query re-encoded with sorted keys (<c>URL.Query().Encode()</c>), the caller's
/// headers minus hop-by-hop ones, <c>Authorization</c> and <c>Impersonate-*</c> (the authentication and
/// impersonation filters removed them) and any <c>X-Remote-*</c>; then <c>X-Forwarded-For</c> and the
/// <see cref="AuthProxyHeaders"/> of the authenticated (impersonated) user; the body streamed;</item>
/// <item>response streamed back chunk by chunk (watches); a dial, TLS or protocol error before it is a 503
/// <c>error trying to reach service: ...</c>;</item>
/// <item>upgrades (<c>Connection: Upgrade</c>): the same head with <c>Upgrade</c>; on 101 the caller's connection is
/// switched and bytes are copied both ways; a non-101 answer of 400 or more is relayed, below 400 it is a 503
/// <c>invalid upgrade response: status code N</c>.</item>
/// </list>
/// </summary>
internal static class ApiServiceProxy
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade", "Host", "Content-Length",
    };

    public static async Task<AggregatorForward> ForwardAsync(HttpContext context, ApiServiceEntry entry, Uri? endpoint,
        FakeUser user, KubeAggregator aggregator)
    {
        var request = context.Request;
        var upgrade = context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true &&
            request.Headers.Upgrade.Count > 0;
        var forward = new AggregatorForward(DateTimeOffset.UtcNow, entry.Name, request.Method,
            request.Path + request.QueryString, user.Name, endpoint, 0, upgrade, null);
        if (!entry.Available || endpoint is null)
        {
            await WriteErrorAsync(context, "service unavailable");
            return forward with { StatusCode = 503, Error = "service unavailable" };
        }

        BackendConnection connection;
        try
        {
            connection = await BackendDialer.ConnectAsync(endpoint, entry.ServerName, entry.CaBundlePem,
                entry.InsecureSkipTlsVerify, aggregator.FrontProxyClientCertificate, context.RequestAborted);
        }
        catch (BackendException e)
        {
            // The upgrade path reports the dial error as is; the round tripper wraps it (apimachinery proxy/transport.go).
            var message = upgrade ? e.Message : $"error trying to reach service: {e.Message}";
            await WriteErrorAsync(context, message);
            return forward with { StatusCode = 503, Error = message };
        }

        await using (connection)
        {
            BackendResponse response;
            try
            {
                await WriteRequestAsync(context, connection, endpoint, user, upgrade);
                response = await BackendResponse.ReadAsync(connection, context.RequestAborted);
            }
            catch (IOException e)
            {
                var message = upgrade ? e.Message : $"error trying to reach service: {e.Message}";
                await WriteErrorAsync(context, message);
                return forward with { StatusCode = 503, Error = message };
            }

            if (upgrade && response.StatusCode == StatusCodes.Status101SwitchingProtocols)
            {
                await SwitchAsync(context, connection, response);
                return forward with { StatusCode = 101 };
            }

            if (upgrade && response.StatusCode < 400)
            {
                var message = $"invalid upgrade response: status code {response.StatusCode}";
                await WriteErrorAsync(context, message);
                return forward with { StatusCode = 503, Error = message };
            }

            await RelayAsync(context, connection, response);
            return forward with { StatusCode = response.StatusCode };
        }
    }

    /// <summary>What <c>http.Error</c> writes: plain text, <c>nosniff</c>, the message and a newline.</summary>
    public static async Task WriteErrorAsync(HttpContext context, string message)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        await context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }

    private static async Task WriteRequestAsync(HttpContext context, BackendConnection connection, Uri endpoint,
        FakeUser user, bool upgrade)
    {
        var request = context.Request;
        var connectionTokens = request.Headers.Connection.SelectMany(v => (v ?? string.Empty).Split(','))
            .Select(t => t.Trim()).Where(t => t.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var head = new StringBuilder()
            .Append(request.Method).Append(' ').Append(Target(request)).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(endpoint.Authority).Append("\r\n");
        var forwardedFor = new List<string>();
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith(':') || HopByHop.Contains(name) || connectionTokens.Contains(name) ||
                name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase) ||
                AuthProxyHeaders.IsIdentityHeader(name))
            {
                continue;
            }

            if (name.Equals("X-Forwarded-For", StringComparison.OrdinalIgnoreCase))
            {
                forwardedFor.AddRange(values.Select(v => v ?? string.Empty));
                continue;
            }

            foreach (var value in values)
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }

        forwardedFor.Add(context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1");
        head.Append("X-Forwarded-For: ").Append(string.Join(", ", forwardedFor)).Append("\r\n");
        foreach (var (name, value) in AuthProxyHeaders.For(user))
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        var chunked = false;
        if (upgrade)
        {
            head.Append("Connection: Upgrade\r\nUpgrade: ").Append(string.Join(", ", request.Headers.Upgrade.ToArray()))
                .Append("\r\n");
        }
        else
        {
            if (request.ContentLength is { } length)
            {
                head.Append("Content-Length: ").Append(length).Append("\r\n");
            }
            else if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
            {
                head.Append("Transfer-Encoding: chunked\r\n");
                chunked = true;
            }

            head.Append("Connection: close\r\n");
        }

        head.Append("\r\n");
        await connection.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), context.RequestAborted);
        if (!upgrade && (request.ContentLength > 0 || chunked))
        {
            await CopyBodyAsync(request.Body, connection, chunked, context.RequestAborted);
        }

        await connection.FlushAsync(context.RequestAborted);
    }

    private static async Task CopyBodyAsync(Stream body, BackendConnection connection, bool chunked,
        CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (chunked)
                {
                    await connection.WriteAsync(Encoding.ASCII.GetBytes($"{read:x}\r\n"), cancellationToken);
                }

                await connection.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                if (chunked)
                {
                    await connection.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
                }

                await connection.FlushAsync(cancellationToken);
            }

            if (chunked)
            {
                await connection.WriteAsync("0\r\n\r\n"u8.ToArray(), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Go: location.Path = req.URL.Path (re-escaped), location.RawQuery = req.URL.Query().Encode().
    private static string Target(HttpRequest request)
    {
        var path = (request.PathBase + request.Path).ToUriComponent();
        var query = string.Join('&', request.Query.OrderBy(q => q.Key, StringComparer.Ordinal)
            .SelectMany(q => q.Value.Select(v => QueryEscape(q.Key) + "=" + QueryEscape(v ?? string.Empty))));
        return query.Length == 0 ? path : path + "?" + query;
    }

    private static string QueryEscape(string text) => Uri.EscapeDataString(text).Replace("%20", "+", StringComparison.Ordinal);

    private static void CopyResponseHeaders(HttpContext context, BackendResponse response, bool keepUpgrade)
    {
        var connectionTokens = response.Values("Connection").SelectMany(v => v.Split(','))
            .Select(t => t.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in response.Headers)
        {
            var hop = HopByHop.Contains(name) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase);
            if ((hop || connectionTokens.Contains(name)) &&
                !(keepUpgrade && name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            context.Response.Headers.Append(name, value);
        }
    }

    private static async Task RelayAsync(HttpContext context, BackendConnection connection, BackendResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        CopyResponseHeaders(context, response, keepUpgrade: false);
        // Headers now: a watch may send its first event much later.
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await using var body = response.Body(connection, context.Request.Method);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (IOException)
        {
            // The backend broke the body off: so does the caller's response.
            context.Abort();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task SwitchAsync(HttpContext context, BackendConnection connection, BackendResponse response)
    {
        context.Response.StatusCode = StatusCodes.Status101SwitchingProtocols;
        // Kestrel writes Connection: Upgrade itself; Upgrade, Sec-WebSocket-*, X-Stream-Protocol-Version pass.
        CopyResponseHeaders(context, response, keepUpgrade: true);
        var client = await context.Features.GetRequiredFeature<IHttpUpgradeFeature>().UpgradeAsync();
        await using (client)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            var toBackend = PumpAsync(client, connection, stop.Token);
            var toClient = PumpAsync(connection, client, stop.Token);
            await Task.WhenAny(toBackend, toClient);
            await stop.CancelAsync();
            await connection.DisposeAsync();
            await Task.WhenAll(toBackend, toClient);
        }
    }

    private static async Task PumpAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await destination.FlushAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Either side ended: the other direction is cancelled by the caller.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
