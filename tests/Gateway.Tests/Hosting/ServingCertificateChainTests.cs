using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Hosting;

/// <summary>
/// A <c>--tls-cert-file</c> holding the leaf and its intermediate CA is served whole, as a Go apiserver serves its
/// certificate file: a client that trusts only the root verifies the gateway.
/// </summary>
public sealed class ServingCertificateChainTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cg-chain-" + Guid.NewGuid().ToString("N")[..8]);

    public ServingCertificateChainTests() => Directory.CreateDirectory(Path.Combine(_directory, "clusters"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact(Timeout = 60_000)]
    public async Task CertificateFileWithIntermediate_IsSentWhole_AndVerifiesAgainstTheRootAlone()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = CaRequest("chain-root", rootKey).CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1),
            DateTimeOffset.UtcNow.AddDays(1));
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediate = CaRequest("chain-intermediate", intermediateKey)
            .Create(root, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3]);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=gateway", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var intermediateWithKey = intermediate.CopyWithPrivateKey(intermediateKey);
        using var leaf = leafRequest.Create(intermediateWithKey, DateTimeOffset.UtcNow.AddHours(-1),
            DateTimeOffset.UtcNow.AddDays(1), [4, 5, 6]);
        var certFile = Path.Combine(_directory, "tls.crt");
        var keyFile = Path.Combine(_directory, "tls.key");
        await File.WriteAllTextAsync(certFile, leaf.ExportCertificatePem() + "\n" + intermediate.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(keyFile, leafKey.ExportPkcs8PrivateKeyPem());
        await using var gateway = await GatewayApp.StartAsync(new GatewayOptions
        {
            ClustersDir = Path.Combine(_directory, "clusters"), SecurePort = 0,
            TlsCertFile = certFile, TlsPrivateKeyFile = keyFile,
        }, _ => { }, CancellationToken.None);
        var sent = new List<string>();
        var verified = false;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                {
                    // SslStream puts what the server sent besides the leaf into the chain's extra store.
                    sent.AddRange(chain!.ChainPolicy.ExtraStore.Select(c => c.Subject));
                    using var rootOnly = new X509Chain();
                    rootOnly.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    rootOnly.ChainPolicy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(root.RawData));
                    rootOnly.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
                    rootOnly.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    verified = rootOnly.Build(X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData()));
                    return verified;
                },
            },
        }) { BaseAddress = gateway.Url };

        using var response = await client.GetAsync("/healthz").WaitAsync(TestTimeouts.Default, "the health check");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        sent.Should().Contain("CN=chain-intermediate");
        verified.Should().BeTrue();
    }

    private static CertificateRequest CaRequest(string name, ECDsa key)
    {
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request;
    }
}
