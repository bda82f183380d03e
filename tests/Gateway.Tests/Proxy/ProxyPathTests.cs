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
    [InlineData("/api/../../c-2/api", true)]
    [InlineData("/api/%2e%2e/x", true)]
    [InlineData("/./api", true)]
    [InlineData("/api/v1/namespaces/..a/pods", false)]
    [InlineData("/api/v1", false)]
    public void HasDotSegment_DetectsClimbingSegments(string rest, bool expected) =>
        new ProxyPath("c", rest, "").HasDotSegment.Should().Be(expected);
}
