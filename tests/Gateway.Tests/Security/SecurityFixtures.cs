using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Security;

/// <summary>Shared bits of the security integration tests.</summary>
internal static class SecurityFixtures
{
    public const string FrontProxyName = "front-proxy-client";
    public const string Gateways = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways";
    public const string PolicyReason = "denied by the fake API server's policy";

    /// <summary>The ConfigMap kube-apiserver writes, with the standard X-Remote-* header names.</summary>
    public static JsonObject AuthenticationConfigMap(TestCertificateAuthority? requestHeaderCa,
        TestCertificateAuthority? clientCa = null, string allowedNames = $"[\"{FrontProxyName}\"]")
    {
        var data = new JsonObject
        {
            ["requestheader-allowed-names"] = allowedNames,
            ["requestheader-username-headers"] = "[\"X-Remote-User\"]",
            ["requestheader-uid-headers"] = "[\"X-Remote-Uid\"]",
            ["requestheader-group-headers"] = "[\"X-Remote-Group\"]",
            ["requestheader-extra-headers-prefix"] = "[\"X-Remote-Extra-\"]",
        };
        if (requestHeaderCa is not null)
        {
            data["requestheader-client-ca-file"] = requestHeaderCa.CertificatePem;
        }

        if (clientCa is not null)
        {
            data["client-ca-file"] = clientCa.CertificatePem;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = "extension-apiserver-authentication", ["namespace"] = "kube-system",
            },
            ["data"] = data,
        };
    }

    /// <summary>A GET carrying front-proxy identity headers (HttpClient would join several values of one header
    /// into one line, so one group at most; several lines are covered by the parser's unit tests).</summary>
    public static HttpRequestMessage AsUser(string path, string user, string? group = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Remote-User", user);
        if (group is not null)
        {
            request.Headers.Add("X-Remote-Group", group);
        }

        return request;
    }

    public static async Task<JsonObject> StatusOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static int CountRequests(FakeApiServer server, string path) =>
        server.Requests.Snapshot().Count(r => r.Method == "POST" && r.Path == path);
}
