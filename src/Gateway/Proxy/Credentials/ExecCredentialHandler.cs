using System.Net;
using System.Net.Http.Headers;
using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.Gateway.Proxy.Credentials;

/// <summary>
/// The connection handler of a Dynamic cluster (client-go's exec authenticator round tripper, in handler form), used
/// for plain and upgrade requests alike:
/// <list type="number">
/// <item>takes the credential last issued for the cluster (<see cref="ExecCredentialCache.Latest"/>): the
/// <see cref="ExecCredentialFilter"/>, which decides whether it is still fresh, fetched it for this very request;
/// only when there is none (dropped meanwhile) is the plugin run from here;</item>
/// <item>a token goes into <c>Authorization</c> unless the request carries one (the filter's, via
/// <see cref="ProxyRequestContext.BearerToken"/>);</item>
/// <item>a client certificate selects the connection pool: one <see cref="SocketsHttpHandler"/> per certificate, a new
/// one when the plugin issues a new certificate (client-go closes its connections then; here new requests move to
/// the new pool and the old pool's connections close when idle or when their streams end);</item>
/// <item>a 401 answer to the credential it sent drops it from the cache, so the next request runs the plugin.</item>
/// </list>
/// </summary>
internal sealed class ExecCredentialHandler : HttpMessageHandler
{
    private readonly ExecPlugin _plugin;
    private readonly ExecCredentialCache _credentials;
    private readonly Func<X509?, HttpMessageHandler> _createHandler;
    private readonly Lock _lock = new();
    private HttpMessageInvoker? _plain; // guarded by _lock
    private (string Hash, HttpMessageInvoker Invoker)? _withCertificate; // guarded by _lock

    /// <summary>Creates the handler.</summary>
    /// <param name="plugin">The cluster's plugin.</param>
    /// <param name="credentials">The credential cache.</param>
    /// <param name="createHandler">Builds a connection pool presenting the given client certificate (or none).</param>
    public ExecCredentialHandler(ExecPlugin plugin, ExecCredentialCache credentials,
        Func<X509?, HttpMessageHandler> createHandler)
    {
        _plugin = plugin;
        _credentials = credentials;
        _createHandler = createHandler;
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        // :: Step 1
        ExecCredential credential;
        HttpMessageInvoker invoker;
        try
        {
            credential = _credentials.Latest(_plugin) ?? await _credentials.GetAsync(_plugin, cancellationToken);
            invoker = InvokerFor(credential);
        }
        catch (Exception e) when (e is ExecCredentialException or ClusterTransportException)
        {
            throw new HttpRequestException($"exec credential plugin \"{_plugin.Command}\" failed: {e.Message}", e);
        }

        // :: Step 2
        var sentThisCredential = true;
        if (credential.Token is { } token)
        {
            if (request.Headers.Authorization is null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            else
            {
                sentThisCredential = string.Equals(request.Headers.Authorization.Parameter, token, StringComparison.Ordinal);
            }
        }

        // :: Step 3, 4
        var response = await invoker.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && sentThisCredential)
        {
            _credentials.Invalidate(_plugin, credential);
        }

        return response;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_lock)
            {
                _plain?.Dispose();
                _withCertificate?.Invoker.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private HttpMessageInvoker InvokerFor(ExecCredential credential)
    {
        lock (_lock)
        {
            if (credential.CertificateHash is not { } hash)
            {
                return _plain ??= new HttpMessageInvoker(_createHandler(null), disposeHandler: true);
            }

            if (_withCertificate is { } current && current.Hash == hash)
            {
                return current.Invoker;
            }

            // The previous pool is dropped, not disposed: streams (watches, exec sessions) may still run on it.
            var x509 = new X509 { Certificate = credential.CertificatePem!, PrivateKey = credential.KeyPem! };
            var invoker = new HttpMessageInvoker(_createHandler(x509), disposeHandler: true);
            _withCertificate = (hash, invoker);
            return invoker;
        }
    }
}
