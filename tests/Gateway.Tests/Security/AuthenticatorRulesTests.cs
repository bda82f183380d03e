using ClusterGateway.Gateway.Security;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.Gateway.Tests.Security;

public sealed class AuthenticatorRulesTests
{
    private static readonly Dictionary<string, IReadOnlyList<string>> NoExtra = [];

    [Theory]
    [InlineData("Bearer abc", "abc")]
    [InlineData("bearer abc", "abc")]
    [InlineData("  Bearer abc  ", "abc")]
    [InlineData("Bearer abc def", "abc")]
    [InlineData("Bearer  abc", null)]
    [InlineData("Bearer", null)]
    [InlineData("Basic abc", null)]
    [InlineData("", null)]
    public void BearerToken_AuthorizationHeader_LikeGoBearertoken(string header, string? token)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = header;

        var presented = GatewayAuthenticator.BearerToken(context.Request);
        (presented.IsEmpty ? null : presented.ToString()).Should().Be(token);
    }

    [Fact]
    public void WithAuthenticatedGroup_Missing_Appended() =>
        GatewayAuthenticator.WithAuthenticatedGroup(new KubeUser("alice", null, ["dev"], NoExtra)).Groups
            .Should().Equal("dev", "system:authenticated");

    [Theory]
    [InlineData("alice", "system:authenticated")]
    [InlineData("alice", "system:unauthenticated")]
    [InlineData("system:anonymous", "x")]
    public void WithAuthenticatedGroup_PresentOrAnonymous_Unchanged(string name, string group) =>
        GatewayAuthenticator.WithAuthenticatedGroup(new KubeUser(name, null, [group], NoExtra)).Groups
            .Should().Equal(group);

    [Fact]
    public void Spec_ResourceRequest_ResourceAttributesAndUserOmittingEmpties()
    {
        var user = new KubeUser("alice", "42", ["dev", "system:authenticated"],
            new Dictionary<string, IReadOnlyList<string>> { ["scopes"] = ["b", "a"], ["acme.com/team"] = ["blue"] });
        var attributes = new AuthorizationAttributes(user, "get", true, "/x", "cluster.core.oam.dev", "v1alpha1",
            "clustergateways", "proxy", "", "c1");

        SubjectAccessReviewer.Spec(attributes).ToJsonString().Should().Be(
            "{\"resourceAttributes\":{\"verb\":\"get\",\"group\":\"cluster.core.oam.dev\",\"version\":\"v1alpha1\"," +
            "\"resource\":\"clustergateways\",\"subresource\":\"proxy\",\"name\":\"c1\"},\"user\":\"alice\"," +
            "\"groups\":[\"dev\",\"system:authenticated\"],\"extra\":{\"acme.com/team\":[\"blue\"],\"scopes\":[\"b\",\"a\"]}," +
            "\"uid\":\"42\"}");
    }

    [Fact]
    public void Spec_NonResourceRequest_PathAndVerb()
    {
        var attributes = new AuthorizationAttributes(new KubeUser("bob", null, [], NoExtra), "get", false, "/apis");

        SubjectAccessReviewer.Spec(attributes).ToJsonString().Should().Be(
            "{\"nonResourceAttributes\":{\"path\":\"/apis\",\"verb\":\"get\"},\"user\":\"bob\"}");
    }
}
