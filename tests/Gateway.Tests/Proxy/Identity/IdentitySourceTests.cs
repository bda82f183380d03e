using System.Text.RegularExpressions;
using ClusterGateway.Gateway.Proxy.Identity;
using ClusterGateway.Gateway.Security;

namespace ClusterGateway.Gateway.Tests.Proxy.Identity;

/// <summary>The upstream unit cases of <c>matchIdentity</c> (clustergateway_proxy_configuration_test.go).</summary>
public sealed class IdentitySourceTests
{
    private static readonly KubeUser Caller = new("test-user", "uid-1", ["test-group:dev", "system:authenticated"],
        new Dictionary<string, IReadOnlyList<string>>());

    private static readonly Dictionary<string, (IdentitySource Source, bool Matches)> CaseTable = new()
    {
        ["match-user"] = (new IdentitySource(User: "test-user"), true),
        ["mismatch-user"] = (new IdentitySource(User: "other"), false),
        ["match-group"] = (new IdentitySource(Group: "test-group:dev"), true),
        ["mismatch-group"] = (new IdentitySource(Group: "test-group"), false),
        ["match-uid"] = (new IdentitySource(Uid: "uid-1"), true),
        ["mismatch-uid"] = (new IdentitySource(Uid: "uid-2"), false),
        ["match-cluster"] = (new IdentitySource(Cluster: "cluster-12"), true),
        ["mismatch-cluster"] = (new IdentitySource(Cluster: "cluster-1"), false),
        ["match-user-pattern"] = (new IdentitySource(UserPattern: Pattern("test-.*")), true),
        ["user-pattern-is-unanchored"] = (new IdentitySource(UserPattern: Pattern("user")), true),
        ["mismatch-anchored-user-pattern"] = (new IdentitySource(UserPattern: Pattern("^user")), false),
        ["match-group-pattern"] = (new IdentitySource(GroupPattern: Pattern("test-group:.+")), true),
        ["mismatch-group-pattern"] = (new IdentitySource(GroupPattern: Pattern("^admins$")), false),
        ["match-cluster-pattern"] = (new IdentitySource(ClusterPattern: Pattern(@"cluster-\d+")), true),
        ["mismatch-cluster-pattern"] = (new IdentitySource(ClusterPattern: Pattern(@"^prod-")), false),
        ["all-fields-and"] = (new IdentitySource(User: "test-user", Cluster: "cluster-1"), false),
        ["empty-source-matches-all"] = (new IdentitySource(), true),
    };

    public static TheoryData<string> Cases => new(CaseTable.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_UpstreamCases_AsUpstream(string name)
    {
        var (source, expected) = CaseTable[name];

        source.Matches(Caller, "cluster-12").Should().Be(expected, name);
    }

    private static Regex Pattern(string text) => new(text, IdentitySource.PatternOptions);
}
