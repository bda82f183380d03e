using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>
/// How to reach one cluster: its endpoint, a pooled <see cref="HttpMessageInvoker"/> carrying the TLS trust and client
/// certificate, and the bearer token to add per request. Built from a ClusterGateway; the invoker is shared with the
/// next version of the same cluster when only the token changed (<see cref="HandlerKey"/>).
/// </summary>
internal sealed class ClusterTransport
{
    private ClusterTransport(V1Alpha1ClusterGateway gateway, Uri endpoint, HandlerKey key, HttpMessageInvoker invoker,
        string? token)
    {
        Gateway = gateway;
        Endpoint = endpoint;
        Key = key;
        Invoker = invoker;
        BearerToken = token;
    }

    /// <summary>The ClusterGateway this transport was built from (reference identity tells staleness).</summary>
    public V1Alpha1ClusterGateway Gateway { get; }

    /// <summary>Cluster API server base URL; its path is a prefix of every proxied path.</summary>
    public Uri Endpoint { get; }

    /// <summary>What the pooled handler depends on.</summary>
    public HandlerKey Key { get; }

    /// <summary>Pooled connections to the cluster (never disposed while requests may still stream on it).</summary>
    public HttpMessageInvoker Invoker { get; }

    /// <summary>Bearer token for <c>ServiceAccountToken</c> credentials.</summary>
    public string? BearerToken { get; }

    /// <summary>Builds the transport, reusing <paramref name="previous"/>'s connection pool when its key still matches.</summary>
    /// <param name="gateway">A valid ClusterGateway with a Const endpoint.</param>
    /// <param name="previous">The transport of the cluster's previous version, if any.</param>
    /// <returns>The transport.</returns>
    /// <exception cref="ClusterTransportException">The endpoint or credential cannot be used.</exception>
    public static ClusterTransport Create(V1Alpha1ClusterGateway gateway, ClusterTransport? previous)
    {
        var access = gateway.Spec.Access;
        if (access.Endpoint.Type != EndpointTypes.Const || access.Endpoint.Const is not { } endpoint)
        {
            throw new ClusterTransportException(
                $"endpoint type {access.Endpoint.Type} is not supported by this gateway yet");
        }

        if (access.Credential?.Type == CredentialTypes.Dynamic)
        {
            throw new ClusterTransportException(
                "Dynamic (exec) credentials are not supported by this gateway yet");
        }

        if (!Uri.TryCreate(endpoint.Address, UriKind.Absolute, out var uri))
        {
            throw new ClusterTransportException($"invalid endpoint \"{endpoint.Address}\"");
        }

        var key = new HandlerKey(
            uri.GetLeftPart(UriPartial.Authority),
            Hash(endpoint.CaBundle),
            endpoint.Insecure == true,
            endpoint.ProxyUrl,
            Hash(access.Credential?.X509?.Certificate),
            Hash(access.Credential?.X509?.PrivateKey),
            endpoint.TlsServerName);
        var invoker = previous is not null && previous.Key == key
            ? previous.Invoker
            : new HttpMessageInvoker(CreateHandler(endpoint, access.Credential), disposeHandler: true);
        return new ClusterTransport(gateway, uri, key, invoker, access.Credential?.ServiceAccountToken);
    }

    private static SocketsHttpHandler CreateHandler(ClusterEndpointConst endpoint,
        ClusterAccessCredential? credential)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            EnableMultipleHttp2Connections = true,
            UseProxy = endpoint.ProxyUrl is not null,
            Proxy = endpoint.ProxyUrl is null ? null : new WebProxy(endpoint.ProxyUrl),
            // Tracing headers are the caller's business; do not inject ours.
            ActivityHeadersPropagator = null,
        };

        var caCertificates = endpoint.CaBundle is { Length: > 0 } pem ? LoadCa(pem) : null;
        var insecure = endpoint.Insecure == true;
        var serverName = endpoint.TlsServerName;
        handler.SslOptions.RemoteCertificateValidationCallback =
            (_, certificate, chain, errors) => Verify(certificate, chain, errors, caCertificates, insecure, serverName);

        if (credential?.X509 is { } x509)
        {
            try
            {
                using var pemCertificate = X509Certificate2.CreateFromPem(
                    System.Text.Encoding.UTF8.GetString(x509.Certificate),
                    System.Text.Encoding.UTF8.GetString(x509.PrivateKey));
                // A PKCS#12 round trip gives SslStream a persisted key on every platform.
                var clientCertificate = X509CertificateLoader.LoadPkcs12(
                    pemCertificate.Export(X509ContentType.Pkcs12), null);
                // A certificate context is always offered, whatever issuers the server lists (SslStream otherwise
                // filters ClientCertificates by them and may silently send none).
                handler.SslOptions.ClientCertificateContext =
                    SslStreamCertificateContext.Create(clientCertificate, additionalCertificates: null, offline: true);
            }
            catch (CryptographicException e)
            {
                throw new ClusterTransportException($"unusable client certificate: {e.Message}");
            }
        }

        return handler;
    }

    private static X509Certificate2Collection LoadCa(byte[] pem)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(System.Text.Encoding.UTF8.GetString(pem));
        }
        catch (CryptographicException e)
        {
            throw new ClusterTransportException($"unusable CA bundle: {e.Message}");
        }

        return collection.Count > 0
            ? collection
            : throw new ClusterTransportException("the CA bundle holds no certificate");
    }

    // With a CA bundle the chain must end in one of its certificates; without one the system roots decide. The name
    // checked is the endpoint host, or tls-server-name when given (SocketsHttpHandler always validates against the
    // URI host, so that case is checked here). Insecure (explicit opt-in) accepts anything.
    private static bool Verify(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors,
        X509Certificate2Collection? roots, bool insecure, string? serverName)
    {
        if (insecure)
        {
            return true;
        }

        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var nameMatches = serverName is null
            ? (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
            : leaf.MatchesHostname(serverName);
        if (!nameMatches)
        {
            return false;
        }

        if (roots is null)
        {
            return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0;
        }

        using var customChain = new X509Chain();
        customChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        customChain.ChainPolicy.CustomTrustStore.AddRange(roots);
        customChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements.Skip(1))
            {
                customChain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return customChain.Build(leaf);
    }

    private static string? Hash(byte[]? data) => data is null ? null : Convert.ToHexString(SHA256.HashData(data));

    /// <summary>Everything the pooled handler depends on; equal keys share one connection pool.</summary>
    /// <param name="Authority">Scheme, host and port of the endpoint.</param>
    /// <param name="CaHash">SHA-256 of the CA bundle.</param>
    /// <param name="Insecure">TLS verification skipped.</param>
    /// <param name="ProxyUrl">Egress proxy.</param>
    /// <param name="CertificateHash">SHA-256 of the client certificate.</param>
    /// <param name="KeyHash">SHA-256 of the client key.</param>
    /// <param name="ServerName">TLS name to verify instead of the endpoint host.</param>
    internal sealed record HandlerKey(string Authority, string? CaHash, bool Insecure, string? ProxyUrl,
        string? CertificateHash, string? KeyHash, string? ServerName);
}
