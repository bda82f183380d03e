using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClusterGateway.Gateway.Tests.Proxy.Identity;

/// <summary>
/// A tiny ExternalIdentityExchanger service on loopback HTTP: <c>POST /exchange</c> answers with
/// <see cref="Answer"/> (default: impersonate <c>mapped-{username}</c> in group <c>mapped</c>); <c>POST /hang</c> never
/// answers (until disposed or the caller gives up). Every call is counted and its body kept.
/// </summary>
internal sealed class ExchangeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _hanging = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    private ExchangeServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public int Calls => Volatile.Read(ref _calls);

    public ConcurrentQueue<JsonObject> Bodies { get; } = new();

    /// <summary>Request body → status code and JSON answer.</summary>
    public Func<JsonObject, (int Status, string Body)> Answer { get; set; } = body =>
        (200, new JsonObject
        {
            ["user"] = "mapped-" + (string?)body["user"]!["username"], ["groups"] = new JsonArray("mapped"),
        }.ToJsonString());

    /// <summary>Completes when a call to <c>/hang</c> arrived.</summary>
    public Task Hanging => _hanging.Task;

    public static async Task<ExchangeServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        ExchangeServer? server = null;
        app.MapPost("/exchange", async context => await server!.ExchangeAsync(context));
        app.MapPost("/hang", async context => await server!.HangAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new ExchangeServer(app, new Uri(address));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ExchangeAsync(HttpContext context)
    {
        Interlocked.Increment(ref _calls);
        var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
        Bodies.Enqueue(body);
        var (status, answer) = Answer(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer);
    }

    private async Task HangAsync(HttpContext context)
    {
        Interlocked.Increment(ref _calls);
        _hanging.TrySetResult();
        try
        {
            await _release.Task.WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
