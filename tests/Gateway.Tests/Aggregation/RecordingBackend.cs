using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Channels;
using ClusterGateway.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterGateway.Gateway.Tests.Aggregation;

/// <summary>
/// A tiny aggregated API server on Kestrel (HTTPS, HTTP/1.1) for <see cref="Group"/>/<see cref="Version"/>, serving
/// certificate for <c>api.demo.svc</c> from its own <see cref="Ca"/>; it asks for (and records) a client certificate
/// and every request's headers. Routes under <c>/apis/{group}/{version}</c>: the version document, <c>things</c>
/// (GET echoes, <c>?watch=true</c> streams lines pushed with <see cref="PushWatchLine"/>, POST echoes the body) and
/// <c>echo</c> (a WebSocket echoing every message).
/// </summary>
internal sealed class RecordingBackend : IAsyncDisposable
{
    public const string Group = "demo.example.com";
    public const string Version = "v1";
    public const string ServiceNamespace = "demo";
    public const string ServiceName = "api";

    private readonly WebApplication _app;
    private readonly X509Certificate2 _serving;
    private readonly Channel<string> _watchLines = Channel.CreateUnbounded<string>();

    private RecordingBackend(WebApplication app, TestCertificateAuthority ca, X509Certificate2 serving)
    {
        _app = app;
        Ca = ca;
        _serving = serving;
    }

    public TestCertificateAuthority Ca { get; }

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<SeenRequest> Seen { get; } = new();

    /// <summary>A request as the backend saw it: headers (every value of every line) and the client certificate.</summary>
    public sealed record SeenRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string[]> Headers,
        X509Certificate2? ClientCertificate, string Body)
    {
        public string[] Values(string name) => Headers.TryGetValue(name, out var values) ? values : [];
    }

    public static async Task<RecordingBackend> StartAsync(string serverName = $"{ServiceName}.{ServiceNamespace}.svc")
    {
        var ca = TestCertificateAuthority.Create("demo-serving-ca");
        var serving = ca.IssueServerCertificate(serverName);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = serving,
                ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                ClientCertificateValidation = (_, _, _) => true,
                CheckCertificateRevocation = false,
            });
        }));
        builder.Services.AddRouting();
        var app = builder.Build();
        var backend = new RecordingBackend(app, ca, serving);
        app.UseWebSockets();
        app.Run(backend.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        backend.Url = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority) + "/");
        return backend;
    }

    /// <summary>Sends one line on the open watch (<c>things?watch=true</c>).</summary>
    public void PushWatchLine(string line) => _watchLines.Writer.TryWrite(line);

    public async ValueTask DisposeAsync()
    {
        _watchLines.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _serving.Dispose();
        Ca.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = request.Method == "POST" ? await new StreamReader(request.Body).ReadToEndAsync() : string.Empty;
        Seen.Enqueue(new SeenRequest(request.Method, request.Path + request.QueryString,
            request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? string.Empty).ToArray(),
                StringComparer.OrdinalIgnoreCase),
            context.Connection.ClientCertificate, body));
        var prefix = $"/apis/{Group}/{Version}";
        var path = request.Path.Value ?? "/";
        if (path == prefix)
        {
            await context.Response.WriteAsJsonAsync(new
            {
                kind = "APIResourceList", apiVersion = "v1", groupVersion = $"{Group}/{Version}",
                resources = new[] { new { name = "things", singularName = "thing", namespaced = false, kind = "Thing",
                    verbs = new[] { "get", "list", "watch", "create" } } },
            });
        }
        else if (path == prefix + "/things" && request.Query["watch"] == "true")
        {
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync();
            await context.Response.Body.FlushAsync();
            await foreach (var line in _watchLines.Reader.ReadAllAsync(context.RequestAborted))
            {
                await context.Response.WriteAsync(line + "\n");
                await context.Response.Body.FlushAsync();
            }
        }
        else if (path == prefix + "/things" && request.Method == "GET")
        {
            await context.Response.WriteAsJsonAsync(new { kind = "ThingList", apiVersion = $"{Group}/{Version}" });
        }
        else if (path == prefix + "/things" && request.Method == "POST")
        {
            context.Response.StatusCode = 201;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        }
        else if (path == prefix + "/echo" && context.WebSockets.IsWebSocketRequest)
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync("echo.demo");
            var buffer = new byte[4096];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return;
                }

                var text = "echo: " + Encoding.UTF8.GetString(buffer, 0, received.Count);
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, context.RequestAborted);
            }
        }
        else
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("404 page not found\n");
        }
    }
}
