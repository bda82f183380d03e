namespace ClusterGateway.Gateway.Proxy.Connections;

/// <summary>
/// Turns SocketsHttpHandler's <c>ConnectTimeout</c> expiry — an <see cref="OperationCanceledException"/> wrapping a
/// <see cref="TimeoutException"/>, though the caller cancelled nothing — into the <see cref="HttpRequestException"/>
/// every other connection failure is, so the proxy answers 503 "cluster X is unreachable" instead of failing the
/// request as if the caller had gone away.
/// </summary>
/// <param name="inner">The cluster's connection pool.</param>
/// <param name="connectTimeout">The configured timeout, for the message.</param>
internal sealed class ConnectTimeoutHandler(HttpMessageHandler inner, TimeSpan connectTimeout) : DelegatingHandler(inner)
{
    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (OperationCanceledException e) when (e.InnerException is TimeoutException &&
                                                   !cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError,
                $"no connection within {connectTimeout.TotalSeconds:0.###}s (--upstream-connect-timeout)", e);
        }
    }
}
