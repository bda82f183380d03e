using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Security;

namespace ClusterGateway.Gateway.Tests.Security;

/// <summary>After k8s.io/apiserver pkg/authorization/path/path_test.go.</summary>
public sealed class AlwaysAllowPathsTests
{
    [Theory]
    [InlineData("/healthz", true)]
    [InlineData("/readyz", true)]
    [InlineData("/livez", true)]
    [InlineData("/version", true)]
    [InlineData("/healthz/ping", false)]
    [InlineData("/debug/pprof/heap", true)]
    [InlineData("/debug", false)]
    [InlineData("/apis", false)]
    [InlineData("/", false)]
    public void Allows_ConfiguredPaths_ExactOrTrailingStarPrefix(string path, bool allowed)
    {
        var paths = new AlwaysAllowPaths(["/healthz", "/readyz", "livez", "/debug/*"]);

        paths.Allows(RequestInfoParser.Default.Parse("GET", path, (string?)null)).Should().Be(allowed);
    }

    [Fact]
    public void Allows_ResourceRequest_Never()
    {
        var paths = new AlwaysAllowPaths(["/apis/*"]);

        paths.Allows(RequestInfoParser.Default.Parse("GET", "/apis/g/v1/things", (string?)null)).Should().BeFalse();
        paths.Allows(RequestInfoParser.Default.Parse("GET", "/apis/g/v1", (string?)null)).Should().BeTrue();
    }

    [Fact]
    public void Allows_Slash_WhenListed() =>
        new AlwaysAllowPaths(["/"]).Allows(RequestInfoParser.Default.Parse("GET", "/", (string?)null)).Should().BeTrue();

    [Fact]
    public void Constructor_StarInTheMiddle_Throws() =>
        FluentActions.Invoking(() => new AlwaysAllowPaths(["/a/*/b"])).Should().Throw<InvalidOperationException>()
            .WithMessage("*only trailing * allowed*");
}
