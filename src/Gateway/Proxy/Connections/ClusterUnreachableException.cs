namespace ClusterGateway.Gateway.Proxy.Connections;

/// <summary>
/// A connection to a cluster could not be opened; <see cref="Exception.Message"/> is the one cause in words (what
/// was tried, where, what happened), written for the 503 Status a caller reads. The inner exception keeps the
/// technical detail for logs.
/// </summary>
/// <param name="message">The cause, e.g. <c>connection refused by 10.0.0.1:6443</c>.</param>
/// <param name="inner">The failure it explains, if any.</param>
internal sealed class ClusterUnreachableException(string message, Exception? inner = null)
    : HttpRequestException(HttpRequestError.ConnectionError, message, inner);
