using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Config;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Kube.Tests.Client;

/// <summary>Request shape, checked through the handler constructor (no network).</summary>
public sealed class KubeClientHandlerTests
{
    [Fact(Timeout = 30_000)]
    public async Task Request_TlsServerName_BecomesTheHostHeader()
    {
        var handler = new RecordingHandler();
        using var client = new KubeClient(new KubeClientOptions
        {
            Server = new Uri("https://10.0.0.1:6443"),
            TlsServerName = "api.internal",
            UserAgent = "custom/1",
        }, handler);

        await client.GetAsync<JsonObject>(ResourceKind.Namespaces, null, "default");

        var request = handler.Requests.Single();
        request.Headers.Host.Should().Be("api.internal:6443");
        request.Headers.UserAgent.ToString().Should().Be("custom/1");
        request.Headers.Authorization.Should().BeNull();
        request.RequestUri.Should().Be(new Uri("https://10.0.0.1:6443/api/v1/namespaces/default"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Request_EmptyToken_SendsNoAuthorization()
    {
        var handler = new RecordingHandler();
        using var client = new KubeClient(new KubeClientOptions
        {
            Server = new Uri("https://h"),
            TokenSource = new StaticTokenSource(""),
        }, handler);

        await client.GetAsync<JsonObject>(ResourceKind.Namespaces, null, "default");

        handler.Requests.Single().Headers.Authorization.Should().BeNull();
    }

    [Theory]
    [InlineData(PatchType.Merge, "application/merge-patch+json")]
    [InlineData(PatchType.Strategic, "application/strategic-merge-patch+json")]
    [InlineData(PatchType.Json, "application/json-patch+json")]
    [InlineData(PatchType.Apply, "application/apply-patch+yaml")]
    public async Task Patch_Type_SetsContentType(PatchType type, string contentType)
    {
        var handler = new RecordingHandler();
        using var client = new KubeClient(new KubeClientOptions { Server = new Uri("https://h") }, handler);

        await client.PatchAsync<JsonObject>(ResourceKind.ConfigMaps, "ns", "cm", type, "{}"u8.ToArray(), subresource: "status");

        var request = handler.Requests.Single();
        request.Method.Should().Be(HttpMethod.Patch);
        request.RequestUri!.AbsolutePath.Should().Be("/api/v1/namespaces/ns/configmaps/cm/status");
        handler.ContentTypes.Single().Should().Be(contentType);
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_ClusterScopedKindWithNamespace_ThrowsArgumentException()
    {
        using var client = new KubeClient(new KubeClientOptions { Server = new Uri("https://h") }, new RecordingHandler());

        var act = () => client.CreateAsync(ResourceKind.Namespaces, "ns", new JsonObject());

        await act.Should().ThrowAsync<ArgumentException>();
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        public List<string?> ContentTypes { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            ContentTypes.Add(request.Content?.Headers.ContentType?.MediaType);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"kind":"Namespace","metadata":{"name":"x"}}""", Encoding.UTF8, "application/json"),
            });
        }
    }
}
