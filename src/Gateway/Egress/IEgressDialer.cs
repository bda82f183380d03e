namespace ClusterGateway.Gateway.Egress;

/// <summary>
/// Opens a byte stream to <c>host:port</c> through some egress path (a konnectivity tunnel); the HTTP stack layers TLS
/// to the managed apiserver on top of it (SocketsHttpHandler.ConnectCallback), so tunnelled connections are pooled and
/// verified like direct ones.
/// </summary>
internal interface IEgressDialer
{
    /// <summary>Dials.</summary>
    /// <param name="host">Destination host (for cluster-proxy: the cluster name).</param>
    /// <param name="port">Destination port.</param>
    /// <param name="cancellationToken">Cancels the dial.</param>
    /// <returns>A connected duplex stream; disposing it closes the tunnelled connection.</returns>
    /// <exception cref="EgressDialException">The proxy refused or failed the dial.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the exception
    /// carries that token (SocketsHttpHandler's <c>ConnectCallback</c> contract).</exception>
    ValueTask<Stream> DialAsync(string host, int port, CancellationToken cancellationToken);
}
