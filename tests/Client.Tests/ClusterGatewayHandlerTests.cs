using System.Net;

namespace ClusterGateway.Client.Tests;

public sealed class ClusterGatewayHandlerTests
{
    [Fact(Timeout = 10_000)]
    public async Task HttpClient_RelativeRequest_IsSentToTheProxyPath()
    {
        var inner = new CapturingHandler();
        using var http = new HttpClient(new ClusterGatewayHandler(new Uri("https://hub/prefix/"), "c1", inner))
        {
            BaseAddress = new Uri("https://hub/prefix/"),
        };

        using var response = await http.GetAsync(new Uri("api/v1/namespaces?limit=1", UriKind.Relative));

        inner.Uris.Should().Equal(
            new Uri("https://hub/prefix/apis/cluster.core.oam.dev/v1alpha1/clustergateways/c1/proxy/api/v1/namespaces?limit=1"));
    }

    [Fact(Timeout = 10_000)]
    public async Task SameMessageSentTwice_IsRewrittenOnce()
    {
        var inner = new CapturingHandler();
        using var invoker = new HttpMessageInvoker(new ClusterGatewayHandler(new Uri("https://hub"), "c1", inner));
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://hub/api");

        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();
        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();

        inner.Uris.Select(u => u.AbsolutePath).Should().Equal(
            "/apis/cluster.core.oam.dev/v1alpha1/clustergateways/c1/proxy/api",
            "/apis/cluster.core.oam.dev/v1alpha1/clustergateways/c1/proxy/api");
    }

    [Fact(Timeout = 10_000)]
    public async Task RequestToAnotherServer_FailsWithoutBeingSent()
    {
        var inner = new CapturingHandler();
        using var invoker = new HttpMessageInvoker(new ClusterGatewayHandler(new Uri("https://hub"), "c1", inner));

        var act = () => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://elsewhere/api"),
            CancellationToken.None);

        await act.Should().ThrowAsync<InvalidOperationException>();
        inner.Uris.Should().BeEmpty();
        (await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://hub/api"), CancellationToken.None))
            .Dispose();
        inner.Uris.Should().ContainSingle();
    }

    [Fact]
    public void Constructor_RelativeHubOrBadName_Throws()
    {
        FluentActions.Invoking(() => new ClusterGatewayHandler(new Uri("/x", UriKind.Relative), "c1"))
            .Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new ClusterGatewayHandler(new Uri("https://hub"), ".."))
            .Should().Throw<ArgumentException>();
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public List<Uri> Uris { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            Uris.Add(request.RequestUri!);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
