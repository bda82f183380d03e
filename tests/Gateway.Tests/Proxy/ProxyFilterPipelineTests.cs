using System.Runtime.CompilerServices;
using ClusterGateway.Gateway.Proxy;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Tests.Proxy;

public sealed class ProxyFilterPipelineTests
{
    [Fact]
    public void Filters_RegisteredInAnyOrder_RunInTheDeclaredOrder()
    {
        // The filters' own dependencies do not matter here: only their types decide the place.
        var filters = ProxyFilterPipeline.Order.Reverse().Select(t => (IProxyFilter)RuntimeHelpers.GetUninitializedObject(t));

        var pipeline = new ProxyFilterPipeline(filters);

        pipeline.Filters.Select(f => f.GetType()).Should().Equal(ProxyFilterPipeline.Order);
    }

    [Fact]
    public void Constructor_FilterWithoutAPlace_StartupError()
    {
        var act = () => new ProxyFilterPipeline([new Stray()]);

        act.Should().Throw<InvalidOperationException>().WithMessage("proxy filter Stray has no place*");
    }

    private sealed class Stray : IProxyFilter
    {
        public ValueTask<Status?> OnRequestAsync(ProxyRequestContext context) => ValueTask.FromResult<Status?>(null);
    }
}
