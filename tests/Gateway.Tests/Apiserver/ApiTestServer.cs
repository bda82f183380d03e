using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Apiserver.Watch;
using ClusterGateway.Gateway.Clusters;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClusterGateway.Gateway.Tests.Apiserver;

/// <summary>
/// A minimal Kestrel app on <c>http://127.0.0.1:0</c> serving only <c>MapClusterGatewayApi()</c> over a
/// <see cref="TestClusterRegistry"/> (local revisions, a counter from 0); tests talk to it over real HTTP. Watches send
/// a bookmark every 200 ms.
/// </summary>
public class ApiTestServer : IAsyncLifetime
{
    public const string ResourcePath = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways";

    public const string KubectlTableAccept =
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    public static readonly TimeSpan BookmarkInterval = TimeSpan.FromMilliseconds(200);

    private WebApplication? _app;

    public ApiTestServer()
        : this(ClusterRevisionScheme.Counter)
    {
    }

    internal ApiTestServer(ClusterRevisionScheme scheme) => Registry = new(historyCapacity: 8, scheme);

    internal TestClusterRegistry Registry { get; }

    public HttpClient Client { get; private set; } = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IClusterRegistry>(Registry);
        builder.Services.AddSingleton(new ClusterGatewayWatchOptions { BookmarkInterval = BookmarkInterval });
        _app = builder.Build();
        _app.MapClusterGatewayApi();
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()), Timeout = TimeSpan.FromSeconds(20) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>Sends a request with an optional raw Accept header (and other headers).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? accept = null,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead,
        IEnumerable<KeyValuePair<string, string>>? headers = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(method, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return Client.SendAsync(request, completion, cancellationToken);
    }

    /// <summary>GETs <paramref name="path"/> and returns status code, content type and the JSON body.</summary>
    public async Task<(int Code, string? ContentType, JsonObject Body)> GetJsonAsync(string path, string? accept = null)
    {
        using var response = await SendAsync(HttpMethod.Get, path, accept);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), JsonNode.Parse(text)!.AsObject());
    }
}

/// <summary>An <see cref="ApiTestServer"/> whose registry takes hub revisions (hub mode).</summary>
public sealed class HubApiTestServer() : ApiTestServer(ClusterRevisionScheme.Hub);
