using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Proxy;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.Gateway.Tests.Proxy;

public sealed class ProxyRequestContextTests
{
    [Fact]
    public void Complete_RunsEveryCallbackOnceWithTheStatus_NewestFirst()
    {
        var request = new ProxyRequestContext(new DefaultHttpContext(), new ProxyPath("c1", "/api", ""),
            new V1Alpha1ClusterGateway());
        var calls = new List<string>();
        request.OnCompleted(code => calls.Add($"metrics {code}"));
        request.OnCompleted(code => calls.Add($"lease {code}"));
        request.OnCompleted(code => calls.Add($"third {code}"));

        request.Complete(429);

        calls.Should().Equal("third 429", "lease 429", "metrics 429");
    }

    [Fact]
    public void Complete_NoCallbacks_DoesNothing() =>
        new ProxyRequestContext(new DefaultHttpContext(), new ProxyPath("c1", "", ""), new V1Alpha1ClusterGateway())
            .Invoking(r => r.Complete(200)).Should().NotThrow();
}
