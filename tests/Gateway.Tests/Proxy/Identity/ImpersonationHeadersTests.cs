using ClusterGateway.Gateway.Proxy.Identity;

namespace ClusterGateway.Gateway.Tests.Proxy.Identity;

public sealed class ImpersonationHeadersTests
{
    [Theory]
    [InlineData("scopes", "scopes")]
    [InlineData("acme.com/team", "acme.com%2Fteam")]
    [InlineData("100%", "100%25")]
    [InlineData("a b:c", "a%20b%3Ac")]
    [InlineData("ü", "%C3%BC")]
    [InlineData("user-assertion.cloud.google.com", "user-assertion.cloud.google.com")]
    public void EscapeKey_LikeClientGo_PercentEncodesNonTokenBytes(string key, string expected) =>
        ImpersonationHeaders.EscapeKey(key).Should().Be(expected);

    [Fact]
    public void For_Caller_UserUidEachGroupAndEachExtraValue_WithoutAuthenticatedGroups()
    {
        var identity = new ImpersonatedIdentity("alice", "u-1",
            ["dev", "system:authenticated", "ops", "system:unauthenticated"],
            new Dictionary<string, IReadOnlyList<string>> { ["scopes"] = ["a", "b"], ["acme.com/team"] = ["blue"] });

        var headers = ImpersonationHeaders.For(identity).Select(h => (h.Key, h.Value));

        headers.Should().Equal(
            ("Impersonate-User", "alice"), ("Impersonate-Uid", "u-1"), ("Impersonate-Group", "dev"),
            ("Impersonate-Group", "ops"), ("Impersonate-Extra-acme.com%2Fteam", "blue"),
            ("Impersonate-Extra-scopes", "a"), ("Impersonate-Extra-scopes", "b"));
    }

    [Fact]
    public void For_NoUid_NoUidHeader() =>
        ImpersonationHeaders.For(new ImpersonatedIdentity("bob", null, [], ImpersonatedIdentity.NoExtra))
            .Select(h => (h.Key, h.Value)).Should().Equal(("Impersonate-User", "bob"));
}
