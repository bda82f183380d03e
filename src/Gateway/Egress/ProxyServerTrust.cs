using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ClusterGateway.Gateway.Egress;

/// <summary>
/// The mTLS side of the connections to the cluster-proxy server, and what they showed about a failure: why the
/// server's certificate was rejected, and whether a connection ended before the server sent a byte. Under TLS 1.3 a
/// server checks the client certificate after the client considers the handshake done, so a rejected client
/// certificate shows only as a connection closed before any answer; that is the best the gateway can know.
/// "Latest wins": all connections go to the same server.
/// </summary>
/// <param name="host">The proxy server host (TLS server name).</param>
/// <param name="roots">The <c>--proxy-ca-cert</c> certificates.</param>
/// <param name="clientCertificate">The <c>--proxy-cert</c>/<c>--proxy-key</c> certificate.</param>
internal sealed class ProxyServerTrust(string host, X509Certificate2Collection roots, X509Certificate2 clientCertificate)
{
    private readonly SslStreamCertificateContext _clientContext =
        SslStreamCertificateContext.Create(clientCertificate, null, offline: true);
    private volatile string? _rejection;
    private volatile bool _closedUnanswered;

    /// <summary>Why the server's certificate was last rejected, e.g. <c>is not signed by --proxy-ca-cert</c>.</summary>
    public string? Rejection => _rejection;

    /// <summary>Client TLS options: the server name is the proxy host, the chain must end in
    /// <c>--proxy-ca-cert</c>, and the client certificate is always offered.</summary>
    /// <returns>New options.</returns>
    public SslClientAuthenticationOptions ClientOptions() => new()
    {
        TargetHost = host,
        ClientCertificateContext = _clientContext,
        RemoteCertificateValidationCallback = (_, presented, chain, errors) =>
        {
            var problem = presented is null ? "was not presented"
                : (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 ? $"is not issued for {host}"
                : ChainsTo(X509CertificateLoader.LoadCertificate(presented.GetRawCertData()), chain) ? null
                : "is not signed by --proxy-ca-cert";
            _rejection = problem;
            return problem is null;
        },
    };

    /// <summary>
    /// Watches <paramref name="stream"/> until the server sends its first byte: an end before it is recorded here
    /// (<see cref="Explain"/>), and an I/O failure before it, on a read or a write, becomes a
    /// <see cref="ClosedUnansweredException"/>. Both are needed: SocketsHttpHandler may report a new HTTP/2
    /// connection that failed without its cause, and a reset on the client's first write would otherwise be named
    /// as a socket error rather than as the closed connection it is.
    /// </summary>
    /// <param name="stream">A connection's plaintext stream (owned by the returned stream).</param>
    /// <returns>The stream to use.</returns>
    public Stream Watch(Stream stream) => new AnswerWatch(stream, this);

    // Records that a connection closed before any answer (or got one).
    private void Closed(bool unanswered) => _closedUnanswered = unanswered;

    /// <summary>The cause of a failed exchange with the server that TLS-level facts explain, if any.</summary>
    /// <param name="server">The server as <c>host:port</c>.</param>
    /// <returns>The cause, or <see langword="null"/>.</returns>
    public string? Explain(string server) =>
        _rejection is { } rejection ? $"TLS handshake with proxy-server {server} failed: its certificate {rejection}"
        : _closedUnanswered ? ClosedUnanswered(server)
        : null;

    /// <summary>The cause of a connection that ended (or failed) before the server sent a byte.</summary>
    /// <param name="server">The server as <c>host:port</c>.</param>
    /// <returns>The cause.</returns>
    public static string ClosedUnanswered(string server) =>
        $"proxy-server {server} closed the connection right after the TLS handshake: it rejected " +
        "the gateway's client certificate (--proxy-cert), or the port serves another protocol";

    private bool ChainsTo(X509Certificate2 leaf, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var element in presented?.ChainElements.Skip(1) ?? [])
        {
            chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        return chain.Build(leaf);
    }

    private sealed class AnswerWatch(Stream inner, ProxyServerTrust trust) : IO.DelegatingStream(inner)
    {
        private int _state; // 0 nothing read yet, 1 answered, 2 ended unanswered

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                var read = await Inner.ReadAsync(buffer, cancellationToken);
                if (!buffer.IsEmpty)
                {
                    // A zero-byte read only waits for data; it tells nothing.
                    Observe(read > 0);
                }

                return read;
            }
            catch (IOException e) when (Unanswered(e) is { } closed)
            {
                throw closed;
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        // The client speaks first (HTTP/2 preface and SETTINGS), so a server that drops the connection at once may
        // fail a write (EPIPE, reset) before any read sees the end.
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                await Inner.WriteAsync(buffer, cancellationToken);
            }
            catch (IOException e) when (Unanswered(e) is { } closed)
            {
                throw closed;
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            try
            {
                await Inner.FlushAsync(cancellationToken);
            }
            catch (IOException e) when (Unanswered(e) is { } closed)
            {
                throw closed;
            }
        }

        // An I/O failure before the server sent a byte, marked so the dial's error names it whatever socket error
        // came first; null (rethrow as is) once the server has answered.
        private ClosedUnansweredException? Unanswered(IOException failure)
        {
            Observe(answered: false);
            return Volatile.Read(ref _state) == 2 && failure is not ClosedUnansweredException
                ? new ClosedUnansweredException(failure)
                : null;
        }

        private void Observe(bool answered)
        {
            if (Interlocked.CompareExchange(ref _state, answered ? 1 : 2, 0) == 0)
            {
                trust.Closed(!answered);
            }
        }
    }
}
