using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Proxy;
using ClusterGateway.Gateway.Proxy.Authorization;
using ClusterGateway.Gateway.Security;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.Gateway.Tests.Proxy.Authorization;

public sealed class InnerRequestTests
{
    private static readonly KubeUser Alice = new("alice", null, ["system:authenticated"],
        new Dictionary<string, IReadOnlyList<string>>());

    [Theory]
    [InlineData("GET", "/api/v1/namespaces/a/configmaps", "", "list", "", "configmaps", "", "a", "")]
    [InlineData("GET", "/api/v1/namespaces/a/configmaps", "?watch=true", "watch", "", "configmaps", "", "a", "")]
    [InlineData("GET", "/api/v1/namespaces/a/configmaps", "?watch=false&impersonate=true", "list", "", "configmaps", "", "a", "")]
    [InlineData("GET", "/api/v1/namespaces/a/configmaps/x", "", "get", "", "configmaps", "", "a", "x")]
    [InlineData("HEAD", "/api/v1/namespaces/a/configmaps/x", "", "get", "", "configmaps", "", "a", "x")]
    [InlineData("GET", "/api/v1/namespaces/a/configmaps/a%3Ab", "", "get", "", "configmaps", "", "a", "a:b")]
    [InlineData("DELETE", "/api/v1/namespaces/a/configmaps", "", "deletecollection", "", "configmaps", "", "a", "")]
    [InlineData("DELETE", "/api/v1/namespaces/a/configmaps/x", "", "delete", "", "configmaps", "", "a", "x")]
    [InlineData("POST", "/apis/apps/v1/namespaces/a/deployments", "", "create", "apps", "deployments", "", "a", "")]
    [InlineData("PUT", "/apis/apps/v1/namespaces/a/deployments/d", "", "update", "apps", "deployments", "", "a", "d")]
    [InlineData("PATCH", "/apis/apps/v1/namespaces/a/deployments/d/scale", "", "patch", "apps", "deployments", "scale", "a", "d")]
    [InlineData("GET", "/api/v1/nodes", "?fieldSelector=metadata.name%3Dn1", "list", "", "nodes", "", "", "n1")]
    [InlineData("POST", "/api/v1/namespaces/a/pods/p/exec", "?command=ls", "create", "", "pods", "exec", "a", "p")]
    public void Parse_ResourceRequest_AttributesOfTheInnerRequest(string method, string rest, string query, string verb,
        string group, string resource, string subresource, string ns, string name)
    {
        var info = InnerRequest.Parse(Context(method, rest, query));

        var attributes = InnerRequest.Attributes(Alice, info, isUpgrade: false).Should().ContainSingle().Subject;
        attributes.Should().Be(new AuthorizationAttributes(Alice, verb, true, Uri.UnescapeDataString(rest), group,
            "v1", resource, subresource, ns, name));
    }

    [Theory]
    [InlineData("GET", "", "get", "/")]
    [InlineData("GET", "/version", "get", "/version")]
    [InlineData("GET", "/apis/apps/v1", "get", "/apis/apps/v1")]
    [InlineData("POST", "/healthz", "post", "/healthz")]
    public void Parse_NonResourceRequest_PathAndLowerCaseMethod(string method, string rest, string verb, string path)
    {
        var info = InnerRequest.Parse(Context(method, rest, ""));

        InnerRequest.Attributes(Alice, info, isUpgrade: false).Should().Equal(
            new AuthorizationAttributes(Alice, verb, false, path));
    }

    [Theory]
    [InlineData("exec", true)]
    [InlineData("attach", true)]
    [InlineData("portforward", true)]
    [InlineData("log", false)]
    public void Attributes_WebSocketUpgradeOfPodStream_AlsoNeedsCreate(string subresource, bool synthetic)
    {
        var info = InnerRequest.Parse(Context("GET", $"/api/v1/namespaces/a/pods/p/{subresource}", "?command=ls"));

        var verbs = InnerRequest.Attributes(Alice, info, isUpgrade: true).Select(a => a.Verb);

        verbs.Should().Equal(synthetic ? ["get", "create"] : ["get"]);
    }

    [Fact]
    public void Parse_PathVerbWithoutResource_FormatException()
    {
        var parse = () => InnerRequest.Parse(Context("GET", "/api/v1/watch", ""));

        parse.Should().Throw<FormatException>().WithMessage("unable to determine kind and namespace from url, /api/v1/watch");
    }

    private static ProxyRequestContext Context(string method, string rest, string query)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        return new ProxyRequestContext(http, new ProxyPath("c1", rest, query), new V1Alpha1ClusterGateway());
    }
}
