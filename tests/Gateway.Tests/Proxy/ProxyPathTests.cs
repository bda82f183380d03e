using ClusterGateway.Gateway.Proxy;

namespace ClusterGateway.Gateway.Tests.Proxy;

public sealed class ProxyPathTests
{
    private const string Prefix = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways/";

    [Theory]
    [InlineData(Prefix + "c1/proxy", "c1", "", "")]
    [InlineData(Prefix + "c1/proxy/", "c1", "/", "")]
    [InlineData(Prefix + "c1/proxy/api/v1/pods?watch=1", "c1", "/api/v1/pods", "?watch=1")]
    [InlineData(Prefix + "c1/proxy/api/v1/namespaces/a/pods/p/exec?command=ls&command=-l", "c1",
        "/api/v1/namespaces/a/pods/p/exec", "?command=ls&command=-l")]
    [InlineData(Prefix + "my.cluster/proxy/apis/x%2Fy/", "my.cluster", "/apis/x%2Fy/", "")]
    [InlineData(Prefix + "c%2D1/proxy/version", "c-1", "/version", "")]
    public void TryParse_ProxyTargets_KeepsRestAndQueryVerbatim(string raw, string cluster, string rest, string query)
    {
        ProxyPath.TryParse(raw, out var path).Should().BeTrue();

        path.Should().Be(new ProxyPath(cluster, rest, query));
    }

    [Theory]
    [InlineData("/api/v1/pods")]
    [InlineData(Prefix + "c1")]
    [InlineData(Prefix + "c1/health")]
    [InlineData(Prefix + "c1/proxyx/api")]
    [InlineData(Prefix + "/proxy/api")]
    public void TryParse_OtherPaths_ReturnsFalse(string raw) =>
        ProxyPath.TryParse(raw, out _).Should().BeFalse();

    [Theory]
    [InlineData("https://10.0.0.1:6443", "/api/v1/pods", "?limit=1", "https://10.0.0.1:6443/api/v1/pods?limit=1")]
    [InlineData("https://10.0.0.1:6443/", "", "", "https://10.0.0.1:6443/")]
    [InlineData("https://rancher.example/k8s/clusters/c-1", "/api", "", "https://rancher.example/k8s/clusters/c-1/api")]
    [InlineData("https://rancher.example/k8s/clusters/c-1/", "/api/", "", "https://rancher.example/k8s/clusters/c-1/api/")]
    public void TargetFor_Endpoint_KeepsPathPrefixAndTrailingSlash(string endpoint, string rest, string query, string expected) =>
        new ProxyPath("c", rest, query).TargetFor(new Uri(endpoint)).AbsoluteUri.Should().Be(expected);

    [Theory]
    [InlineData("/api/../../c-2/api", "\"..\" of proxy path \"/api/../../c-2/api\" is a dot segment")]
    [InlineData("/api/%2e%2e/x", "\"%2e%2e\" of proxy path \"/api/%2e%2e/x\" is a dot segment")]
    [InlineData("/./api", "\".\" of proxy path \"/./api\" is a dot segment")]
    [InlineData("/api/v1/namespaces/a/configmaps/x\\..\\..\\kube-system\\secrets\\t", "contains a backslash")]
    [InlineData("/api/v1/namespaces/a%5C..%5Cb/pods", "contains a backslash")]
    [InlineData("/api/v1/namespaces/a%2F..%2Fkube-system/pods", "contains an encoded slash (%2F)")]
    [InlineData("/api/v1/namespaces/a%00/pods", "contains a control character")]
    [InlineData("/api/v1/namespaces/a%0A/pods", "contains a control character")]
    [InlineData("/api/v1//namespaces", "\"\" of proxy path \"/api/v1//namespaces\" is empty (//)")]
    [InlineData("/api/%E2%80%A5/x", "which Unicode normalization turns into a dot or slash")]
    [InlineData("/api/\uFF0E\uFF0E/x", "contains U+FF0E, which must be percent-encoded")]
    [InlineData("/api/%EF%BC%8E%EF%BC%8E/x", "which Unicode normalization turns into a dot or slash")]
    [InlineData("/api/%C0%AE%C0%AE/x", "malformed percent-encoding or bytes that are not UTF-8")]
    [InlineData("/api/%zz", "malformed percent-encoding")]
    [InlineData("/api/a%2", "malformed percent-encoding")]
    [InlineData("/api/a#b", "contains '#'")]
    public void Problem_HostileSegments_NamesTheSegment(string rest, string expected) =>
        new ProxyPath("c", rest, "").Problem.Should().Contain(expected);

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/api/v1/namespaces/..a/pods/x.y")]
    [InlineData("/api/v1/namespaces/a/configmaps/x;y")]
    [InlineData("/api/v1/namespaces/a/services/https:s:443/proxy/")]
    [InlineData("/api/v1/namespaces/a/configmaps/%C3%A9%3B%20")]
    public void Problem_OrdinaryPaths_None(string rest) => new ProxyPath("c", rest, "?watch=1&a=%zz").Problem.Should().BeNull();

    [Theory]
    [InlineData("?a=b#c")]
    [InlineData("?a=\u00e9")]
    public void Problem_QueryWithFragmentOrRawNonAscii_Refused(string query) =>
        new ProxyPath("c", "/api", query).Problem.Should().StartWith("the query must not contain");

    [Fact]
    public void TargetFor_NothingNormalizesTheWirePath()
    {
        // Only what Problem accepts is forwarded; even so the URI must not rewrite it (no unescaping, no dot removal).
        var target = new ProxyPath("c", "/api/v1/namespaces/a/configmaps/x;y%3B%41", "?q=%2e%2E").TargetFor(
            new Uri("https://rancher.example/k8s/clusters/c-1"));

        target.PathAndQuery.Should().Be("/k8s/clusters/c-1/api/v1/namespaces/a/configmaps/x;y%3B%41?q=%2e%2E");
    }

    [Theory]
    [InlineData("/apis/x/%2E/y", "%2E")]
    [InlineData("/apis/x/..", "..")]
    [InlineData("/a/.%2e/b?c", ".%2e")]
    [InlineData("/a/b?x=/../y", null)]
    [InlineData("/a/\u012e%41/..a", null)]
    [InlineData("/a/...", null)]
    public void FindDotSegment_RawTargets(string target, string? expected) =>
        ProxyPathRules.FindDotSegment(target).Should().Be(expected);
}
