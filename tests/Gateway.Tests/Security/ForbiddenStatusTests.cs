using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Security;

namespace ClusterGateway.Gateway.Tests.Security;

/// <summary>Wording of k8s.io/apiserver pkg/endpoints/handlers/responsewriters/errors.go.</summary>
public sealed class ForbiddenStatusTests
{
    private const string Gateways = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways";
    private static readonly KubeUser Alice = new("alice", null, [], new Dictionary<string, IReadOnlyList<string>>());

    [Theory]
    [InlineData("GET", Gateways + "/c1/proxy/api/v1/pods", "",
        "clustergateways.cluster.core.oam.dev \"c1\" is forbidden: User \"alice\" cannot get resource " +
        "\"clustergateways/proxy\" in API group \"cluster.core.oam.dev\" at the cluster scope")]
    [InlineData("GET", Gateways + "/c1/proxy/api/v1/pods", "no RBAC policy matched",
        "clustergateways.cluster.core.oam.dev \"c1\" is forbidden: User \"alice\" cannot get resource " +
        "\"clustergateways/proxy\" in API group \"cluster.core.oam.dev\" at the cluster scope: no RBAC policy matched")]
    [InlineData("GET", Gateways, "",
        "clustergateways.cluster.core.oam.dev is forbidden: User \"alice\" cannot list resource \"clustergateways\" " +
        "in API group \"cluster.core.oam.dev\" at the cluster scope")]
    [InlineData("GET", "/apis", "", "forbidden: User \"alice\" cannot get path \"/apis\"")]
    [InlineData("GET", "/api/v1/namespaces/ns1/pods/p1", "",
        "pods \"p1\" is forbidden: User \"alice\" cannot get resource \"pods\" in API group \"\" in the namespace \"ns1\"")]
    [InlineData("POST", "/openapi/<v2>", "", "forbidden: User \"alice\" cannot post path \"/openapi/&lt;v2&gt;\"")]
    public void Create_Request_KubeMessage(string method, string path, string reason, string message)
    {
        var info = RequestInfoParser.Default.Parse(method, path, (string?)null);

        var status = ForbiddenStatus.Create(AuthorizationAttributes.From(Alice, info), reason);

        status.Code.Should().Be(403);
        status.Reason.Should().Be("Forbidden");
        status.Result.Should().Be("Failure");
        status.Message.Should().Be(message);
    }

    [Fact]
    public void Create_ResourceRequest_DetailsCarryGroupResourceAndName()
    {
        var info = RequestInfoParser.Default.Parse("GET", Gateways + "/c1/health", (string?)null);

        var details = ForbiddenStatus.Create(AuthorizationAttributes.From(Alice, info), "").Details!;

        details.Group.Should().Be("cluster.core.oam.dev");
        details.Kind.Should().Be("clustergateways");
        details.Name.Should().Be("c1");
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("tab\there\n", "\"tab\\there\\n\"")]
    [InlineData("\u0001", "\"\\x01\"")]
    [InlineData("é", "\"é\"")]
    public void GoQuote_LikeStrconvQuote(string value, string expected) =>
        ForbiddenStatus.GoQuote(value).Should().Be(expected);
}
