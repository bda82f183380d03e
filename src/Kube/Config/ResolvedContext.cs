using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClusterGateway.Kube.Config;

/// <summary>
/// One kubeconfig context with its cluster and user looked up and every file and base64 field read: what
/// <see cref="KubeConfigLoader.Resolve"/> returns. PEM fields hold the bytes as found (inline data decoded, or file
/// content), so a caller can store them elsewhere (the gateway's <c>--import-kubeconfig</c> writes them to Secrets).
/// </summary>
public sealed record ResolvedContext
{
    /// <summary>Context name.</summary>
    public required string ContextName { get; init; }

    /// <summary>Name of the context's cluster entry.</summary>
    public required string ClusterName { get; init; }

    /// <summary>Name of the context's user entry; empty when the context names none (anonymous).</summary>
    public required string UserName { get; init; }

    /// <summary>Context namespace, or <see langword="null"/> when unset.</summary>
    public string? Namespace { get; init; }

    /// <summary>API server URL (<c>https://</c> is assumed when the kubeconfig gives only host:port).</summary>
    public required Uri Server { get; init; }

    /// <summary>PEM CA bundle, or <see langword="null"/> to use the system trust roots.</summary>
    public byte[]? CertificateAuthorityPem { get; init; }

    /// <summary>PEM client certificate (possibly followed by intermediates), or <see langword="null"/>.</summary>
    public byte[]? ClientCertificatePem { get; init; }

    /// <summary>PEM private key of <see cref="ClientCertificatePem"/> (PKCS#1, SEC1 or PKCS#8).</summary>
    public byte[]? ClientKeyPem { get; init; }

    /// <summary>Bearer token: the content of <see cref="TokenFile"/> when set (it wins, as in client-go), else <c>token</c>.</summary>
    public string? Token { get; init; }

    /// <summary>Absolute path of <c>tokenFile</c>, for callers that want to re-read it (see <see cref="FileTokenSource"/>).</summary>
    public string? TokenFile { get; init; }

    /// <summary><c>insecure-skip-tls-verify</c>.</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary><c>tls-server-name</c>.</summary>
    public string? TlsServerName { get; init; }

    /// <summary><c>proxy-url</c>.</summary>
    public Uri? ProxyUrl { get; init; }

    /// <summary>The user's exec credential plugin, not run.</summary>
    public ExecConfig? Exec { get; init; }

    /// <summary>
    /// Builds client options: CA bundle parsed, client certificate built with
    /// <see cref="X509Certificate2.CreateFromPem(ReadOnlySpan{char}, ReadOnlySpan{char})"/>, token from
    /// <see cref="TokenFile"/> (a <see cref="FileTokenSource"/>), <see cref="Token"/> (a <see cref="StaticTokenSource"/>)
    /// or, for an exec user with no token, <paramref name="execTokenSource"/>.
    /// </summary>
    /// <param name="execTokenSource">Turns <see cref="Exec"/> into a token source; required when the user has only exec.</param>
    /// <param name="timeProvider">Clock for the <see cref="FileTokenSource"/>.</param>
    /// <returns>The options; certificates are new objects the caller owns.</returns>
    /// <exception cref="KubeConfigException">A PEM block does not parse, or exec is needed and no factory was given.</exception>
    public KubeClientOptions ToClientOptions(
        Func<ExecConfig, ITokenSource>? execTokenSource = null, TimeProvider? timeProvider = null)
    {
        ITokenSource? tokenSource = null;
        if (TokenFile is not null)
        {
            tokenSource = new FileTokenSource(TokenFile, timeProvider: timeProvider);
        }
        else if (!string.IsNullOrEmpty(Token))
        {
            tokenSource = new StaticTokenSource(Token);
        }
        else if (Exec is not null)
        {
            tokenSource = execTokenSource?.Invoke(Exec) ?? throw new KubeConfigException(
                $"context \"{ContextName}\": user \"{UserName}\" uses an exec credential plugin " +
                $"(\"{Exec.Command}\"); no exec token source was supplied.");
        }

        return new KubeClientOptions
        {
            Server = Server,
            CaCertificates = CertificateAuthorityPem is null ? null : ParseCa(),
            ClientCertificate = ClientCertificatePem is null ? null : ParseClientCertificate(),
            TokenSource = tokenSource,
            InsecureSkipTlsVerify = InsecureSkipTlsVerify,
            TlsServerName = TlsServerName,
            ProxyUrl = ProxyUrl,
            Namespace = Namespace,
        };
    }

    private X509Certificate2Collection ParseCa()
    {
        try
        {
            return Pem.ParseCertificates(CertificateAuthorityPem!);
        }
        catch (CryptographicException e)
        {
            throw new KubeConfigException(
                $"context \"{ContextName}\": cluster \"{ClusterName}\": certificate authority is not valid PEM: {e.Message}", e);
        }
    }

    private X509Certificate2 ParseClientCertificate()
    {
        try
        {
            return Pem.CreateCertificateWithKey(ClientCertificatePem!, ClientKeyPem!);
        }
        catch (CryptographicException e)
        {
            throw new KubeConfigException(
                $"context \"{ContextName}\": user \"{UserName}\": client certificate/key is not valid PEM: {e.Message}", e);
        }
    }
}
