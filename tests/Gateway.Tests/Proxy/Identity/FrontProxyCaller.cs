using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Security;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy.Identity;

/// <summary>
/// Calls the gateway as the aggregator does: a front-proxy client certificate plus <c>X-Remote-*</c> headers, so a
/// test picks the caller's user, UID, group and extras. Seed the hub with <see cref="ConfigMap"/>.
/// </summary>
internal sealed class FrontProxyCaller : IDisposable
{
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("front-proxy-ca");
    private readonly X509Certificate2 _certificate;

    public FrontProxyCaller() => _certificate = _ca.IssueClientCertificate(SecurityFixtures.FrontProxyName);

    /// <summary>Also accepts client certificates of this CA (CN = user, O = groups).</summary>
    public TestCertificateAuthority ClientCa { get; } = TestCertificateAuthority.Create("client-ca");

    /// <summary>kube-system/extension-apiserver-authentication trusting this front proxy and <see cref="ClientCa"/>.</summary>
    public JsonObject ConfigMap => SecurityFixtures.AuthenticationConfigMap(_ca, ClientCa);

    public HttpClient Client(HubEnvironment env) => env.CreateGatewayClient(withToken: false, clientCertificate: _certificate);

    /// <summary>A request to <c>clustergateways/{cluster}/proxy{rest}</c> as <paramref name="user"/>.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string cluster, string rest, string user,
        string? group = null, string? uid = null, params (string Key, string Value)[] extras)
    {
        var request = new HttpRequestMessage(method, $"{SecurityFixtures.Gateways}/{cluster}/proxy{rest}");
        request.Headers.Add("X-Remote-User", user);
        if (group is not null)
        {
            request.Headers.Add("X-Remote-Group", group);
        }

        if (uid is not null)
        {
            request.Headers.Add("X-Remote-Uid", uid);
        }

        foreach (var (key, value) in extras)
        {
            request.Headers.Add("X-Remote-Extra-" + key, value);
        }

        return request;
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _ca.Dispose();
        ClientCa.Dispose();
    }
}
