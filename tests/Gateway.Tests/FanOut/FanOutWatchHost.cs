using ClusterGateway.Gateway.FanOut;
using ClusterGateway.TestSupport;
using ClusterGateway.Gateway.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>
/// A Kestrel app on <c>http://127.0.0.1:0</c> that serves every GET as a fan-out watch of
/// <see cref="FakeMemberCluster"/>s: the request path (e.g. <c>/api/v1/configmaps</c>) and Accept go to every member.
/// Short backoff, so a cluster that comes back rejoins quickly.
/// </summary>
internal sealed class FanOutWatchHost : IAsyncDisposable
{
    public static readonly FanOutWatchOptions Options = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200),
    };

    private readonly WebApplication _app;

    private FanOutWatchHost(WebApplication app, CollectingLoggerProvider logs)
    {
        _app = app;
        Logs = logs;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TestTimeouts.Default };
    }

    public HttpClient Client { get; }

    public Uri Url => Client.BaseAddress!;

    public CollectingLoggerProvider Logs { get; }

    /// <summary>Starts the host.</summary>
    public static async Task<FanOutWatchHost> StartAsync(TestMembership membership, FanOutWatchOptions? options = null)
    {
        var logs = new CollectingLoggerProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton(options ?? Options);
        var app = builder.Build();
        app.Run(context => FanOutWatch.ServeAsync(context,
            membership.For(context.Request.Path, context.Request.Headers.Accept.ToString() is { Length: > 0 } a ? a : null),
            context.Request.QueryString.Value ?? "", context.RequestAborted));
        await app.StartAsync();
        return new FanOutWatchHost(app, logs);
    }

    /// <summary>Opens a watch; returns after the headers.</summary>
    public async Task<FanOutStream> WatchAsync(string pathAndQuery, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(TestTimeouts.Short, $"the headers of {pathAndQuery}");
        return await FanOutStream.OpenAsync(response);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
