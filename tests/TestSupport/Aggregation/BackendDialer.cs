using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace ClusterGateway.TestSupport.Aggregation;

/// <summary>
/// Opens TLS connections to an APIService's backend the way kube-aggregator's transport does
/// (k8s.io/kube-aggregator/pkg/controllers/status/remote BuildTransportConfig): server name
/// <c>{service}.{namespace}.svc</c>, the serving certificate verified against <c>spec.caBundle</c> only (unless
/// <c>insecureSkipTLSVerify</c>), the front-proxy client certificate presented. Failures throw
/// <see cref="BackendException"/> with Go's error wording (<c>dial tcp ...: connect: connection refused</c>,
/// <c>tls: failed to verify certificate: x509: ...</c>), which the proxy puts into its 503 body.
/// </summary>
internal static class BackendDialer
{
    public static async Task<BackendConnection> ConnectAsync(Uri endpoint, string serverName, string caBundlePem,
        bool insecure, X509Certificate2 clientCertificate, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
        }
        catch (SocketException e)
        {
            tcp.Dispose();
            var reason = e.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : e.Message;
            throw new BackendException($"dial tcp {endpoint.Host}:{endpoint.Port}: connect: {reason}", e);
        }

        string? failure = null;
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            ClientCertificateContext = SslStreamCertificateContext.Create(clientCertificate, null),
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                failure = insecure ? null : Verify(certificate, errors, serverName, caBundlePem);
                return failure is null;
            },
        };
        try
        {
            await tls.AuthenticateAsClientAsync(options, cancellationToken);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await tls.DisposeAsync();
            tcp.Dispose();
            throw new BackendException(failure ?? $"remote error: tls: {e.Message}", e);
        }

        return new BackendConnection(tcp, tls);
    }

    private static string? Verify(X509Certificate? certificate, SslPolicyErrors errors, string serverName,
        string caBundlePem)
    {
        if (certificate is null)
        {
            return "tls: server sent no certificate";
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var roots = new X509Certificate2Collection();
        if (caBundlePem.Length > 0)
        {
            roots.ImportFromPem(caBundlePem);
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (roots.Count == 0 || !chain.Build(leaf))
        {
            return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            var names = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>()
                .SelectMany(san => san.EnumerateDnsNames()).ToList();
            return $"tls: failed to verify certificate: x509: certificate is valid for {string.Join(", ", names)}, " +
                $"not {serverName}";
        }

        return null;
    }
}

/// <summary>The backend could not be reached (dial or TLS); the message is worded like Go's error.</summary>
internal sealed class BackendException(string message, Exception? inner = null) : Exception(message, inner);
