using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClusterGateway.Gateway.Proxy.Connections;

/// <summary>
/// How a cluster's serving certificate is verified (never silently insecure), and the certificate
/// of an HTTPS egress proxy, which SocketsHttpHandler checks with the same callback.
/// </summary>
internal static class ClusterCertificateValidation
{
    /// <summary>Reads a PEM CA bundle.</summary>
    /// <param name="pem">PEM text (one or more certificates).</param>
    /// <returns>The certificates.</returns>
    /// <exception cref="ClusterTransportException">The bundle is unreadable or holds no certificate.</exception>
    public static X509Certificate2Collection LoadCa(byte[] pem)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(System.Text.Encoding.UTF8.GetString(pem));
        }
        catch (CryptographicException e)
        {
            throw new ClusterTransportException("the CA bundle is not valid PEM", e);
        }

        return collection.Count > 0
            ? collection
            : throw new ClusterTransportException("the CA bundle holds no certificate");
    }

    /// <summary>The validation callback for one cluster's handler.</summary>
    /// <param name="roots">The cluster's CA bundle; <see langword="null"/> for the system roots.</param>
    /// <param name="insecure">Skip verification of the cluster (explicit opt-in).</param>
    /// <param name="serverName">Name to verify instead of the endpoint host (<c>tls-server-name</c>).</param>
    /// <param name="httpsProxyHost">Host of an <c>https</c> proxy-url, whose own certificate goes through the same
    /// callback (the handler clones its TLS options for the proxy leg) and is verified against the system roots and
    /// its host name, never with the cluster's CA or <paramref name="insecure"/>.</param>
    /// <param name="endpointHost">The cluster endpoint's host, to tell the legs apart when both hosts differ.</param>
    /// <param name="rejected">Told why a cluster certificate was rejected, in words that follow "its certificate".</param>
    /// <returns>The callback.</returns>
    public static RemoteCertificateValidationCallback Create(X509Certificate2Collection? roots, bool insecure,
        string? serverName, string? httpsProxyHost, string endpointHost, Action<string>? rejected = null) =>
        (sender, certificate, chain, errors) =>
        {
            if (httpsProxyHost is not null && sender is SslStream stream &&
                string.Equals(stream.TargetHostName, httpsProxyHost, StringComparison.OrdinalIgnoreCase) &&
                !string.Equals(httpsProxyHost, endpointHost, StringComparison.OrdinalIgnoreCase))
            {
                return errors == SslPolicyErrors.None;
            }

            var problem = Verify(certificate, chain, errors, roots, insecure, serverName ?? endpointHost, serverName is not null);
            if (problem is not null)
            {
                rejected?.Invoke(problem);
            }

            return problem is null;
        };

    // With a CA bundle the chain must end in one of its certificates; without one the system roots decide. The name
    // checked is the endpoint host, or tls-server-name when given (SocketsHttpHandler always validates against the
    // URI host, so that case is checked here). Insecure (explicit opt-in) accepts anything. Returns null when the
    // certificate is accepted, else why not.
    private static string? Verify(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors,
        X509Certificate2Collection? roots, bool insecure, string expectedName, bool nameOverridden)
    {
        if (insecure)
        {
            return null;
        }

        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return "was not presented";
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var nameMatches = nameOverridden
            ? leaf.MatchesHostname(expectedName)
            : (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
        if (!nameMatches)
        {
            return $"is not issued for {expectedName}";
        }

        if (roots is null)
        {
            return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0
                ? null
                : "is not trusted by the system roots (the cluster Secret has no CA bundle)";
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

        return customChain.Build(leaf) ? null : "is not signed by the cluster's CA bundle";
    }
}
