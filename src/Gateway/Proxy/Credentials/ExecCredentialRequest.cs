using System.Text.Json.Nodes;
using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.Gateway.Proxy.Credentials;

/// <summary>
/// The ExecCredential a plugin receives in <c>KUBERNETES_EXEC_INFO</c> (client-go
/// <c>pkg/apis/clientauthentication/v1</c>): <c>{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",
/// "spec":{"interactive":false,"cluster":{"server":"https://...","certificate-authority-data":"base64",...}}}</c>.
/// The gateway never has a terminal, so <c>interactive</c> is always false; <c>cluster</c> is only sent when the
/// ExecConfig sets <c>provideClusterInfo</c>.
/// </summary>
internal static class ExecCredentialRequest
{
    /// <summary>Builds the JSON.</summary>
    /// <param name="apiVersion">The ExecConfig's apiVersion.</param>
    /// <param name="endpoint">The cluster to describe, or <see langword="null"/>.</param>
    /// <returns>Compact JSON.</returns>
    public static string Build(string apiVersion, ClusterEndpointConst? endpoint)
    {
        var spec = new JsonObject { ["interactive"] = false };
        if (endpoint is not null)
        {
            // Field names and omitempty as in client-go's clientauthentication/v1 Cluster.
            var cluster = new JsonObject { ["server"] = endpoint.Address };
            if (endpoint.TlsServerName is { Length: > 0 } serverName)
            {
                cluster["tls-server-name"] = serverName;
            }

            if (endpoint.Insecure == true)
            {
                cluster["insecure-skip-tls-verify"] = true;
            }

            if (endpoint.CaBundle is { Length: > 0 } ca)
            {
                cluster["certificate-authority-data"] = Convert.ToBase64String(ca);
            }

            if (endpoint.ProxyUrl is { Length: > 0 } proxyUrl)
            {
                cluster["proxy-url"] = proxyUrl;
            }

            spec["cluster"] = cluster;
        }

        var request = new JsonObject
        {
            ["kind"] = "ExecCredential",
            ["apiVersion"] = apiVersion,
            ["spec"] = spec,
        };
        return request.ToJsonString();
    }
}
