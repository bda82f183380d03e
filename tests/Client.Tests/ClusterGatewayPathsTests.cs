namespace ClusterGateway.Client.Tests;

public sealed class ClusterGatewayPathsTests
{
    private const string Proxy = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways";

    [Theory]
    [InlineData("https://hub:6443", "https://hub:6443/api/v1/pods", "https://hub:6443" + Proxy + "/c1/proxy/api/v1/pods")]
    [InlineData("https://hub:6443/", "https://hub:6443/", "https://hub:6443" + Proxy + "/c1/proxy/")]
    [InlineData("https://hub/k8s/clusters/local", "https://hub/k8s/clusters/local/api/v1/pods",
        "https://hub/k8s/clusters/local" + Proxy + "/c1/proxy/api/v1/pods")]
    [InlineData("https://hub/k8s/clusters/local/", "https://hub/k8s/clusters/local/apis/apps/v1",
        "https://hub/k8s/clusters/local" + Proxy + "/c1/proxy/apis/apps/v1")]
    [InlineData("https://hub/k8s", "https://hub/k8s", "https://hub/k8s" + Proxy + "/c1/proxy/")]
    // KubernetesClient opens exec and port-forward with wss:// on the hub's https URL.
    [InlineData("https://hub:6443", "wss://hub:6443/api/v1/namespaces/d/pods/p/exec?command=ls",
        "wss://hub:6443" + Proxy + "/c1/proxy/api/v1/namespaces/d/pods/p/exec?command=ls")]
    [InlineData("https://hub", "wss://hub:443/api/v1/namespaces/d/pods/p/exec", "wss://hub" + Proxy + "/c1/proxy/api/v1/namespaces/d/pods/p/exec")]
    public void ToProxyUri_KeepsTheHubPrefixAndAppendsThePath(string hub, string request, string expected)
    {
        var proxied = ClusterGatewayPaths.ToProxyUri(new Uri(request), new Uri(hub), "c1");

        proxied.AbsoluteUri.Should().Be(expected);
    }

    [Theory]
    [InlineData("?labelSelector=app%3Dx%2Cy&limit=5")]
    [InlineData("?labelSelector=app+in+(a,b)&fieldSelector=metadata.name%21%3Dx")]
    [InlineData("?command=sh&command=-c&command=echo%20hi&stdout=true")]
    [InlineData("?x=%7e&y=%2F&z=%25&w=a%2Bb&empty=&flag")]
    [InlineData("?a=%C3%A9&b=%e2%82%ac")]
    public void ToProxyUri_QueryIsKeptByteForByte(string query)
    {
        var request = new Uri("https://hub:6443/api/v1/namespaces/default/configmaps" + query);

        var proxied = ClusterGatewayPaths.ToProxyUri(request, new Uri("https://hub:6443"), "c1");

        proxied.PathAndQuery.Should().Be(Proxy + "/c1/proxy/api/v1/namespaces/default/configmaps" + request.Query);
        proxied.Query.Should().Be(request.Query);
        // Uri itself already normalizes at parse time (%7e to ~, hex digits to upper case); the rewrite adds nothing,
        // so what reaches the cluster is what would have reached the hub (MultiClusterTests checks the wire).
        request.Query.Should().Be(query.Replace("%7e", "~", StringComparison.Ordinal).Replace("%e2%82%ac", "%E2%82%AC", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("c1", "c1")]
    [InlineData("my cluster", "my%20cluster")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a?b#c", "a%3Fb%23c")]
    [InlineData("é", "%C3%A9")]
    public void ProxyPath_PercentEncodesTheClusterName(string cluster, string encoded)
    {
        ClusterGatewayPaths.ProxyPath(cluster).Should().Be($"{Proxy}/{encoded}/proxy");
        var proxied = ClusterGatewayPaths.ToProxyUri(new Uri("https://hub/api"), new Uri("https://hub"), cluster);
        proxied.AbsolutePath.Should().Be($"{Proxy}/{encoded}/proxy/api");
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    public void ProxyPath_DotSegmentOrEmptyName_Throws(string cluster)
    {
        var act = () => ClusterGatewayPaths.ProxyPath(cluster);

        act.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("https://other:6443/api/v1/pods")]
    [InlineData("https://hub:6444/k8s/api/v1/pods")]
    [InlineData("https://hub:6443/api/v1/pods")]
    [InlineData("https://hub:6443/k8sx/api/v1/pods")]
    public void ToProxyUri_RequestNotAddressedToTheHub_Throws(string request)
    {
        var act = () => ClusterGatewayPaths.ToProxyUri(new Uri(request), new Uri("https://hub:6443/k8s"), "c1");

        act.Should().Throw<InvalidOperationException>().WithMessage("*not addressed to the hub server*");
        // The same request under the prefix is accepted: the rejection is about the address, not the cluster.
        ClusterGatewayPaths.ToProxyUri(new Uri("https://hub:6443/k8s/api/v1/pods"), new Uri("https://hub:6443/k8s"), "c1")
            .AbsolutePath.Should().Be("/k8s" + Proxy + "/c1/proxy/api/v1/pods");
    }
}
