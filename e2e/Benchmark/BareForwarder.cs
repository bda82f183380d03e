using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Yarp.ReverseProxy.Forwarder;

namespace ClusterGateway.Benchmark;

/// <summary>The floor of .NET on this path: Kestrel (TLS, HTTP/1.1 and HTTP/2) into YARP's
/// <see cref="IHttpForwarder"/> over TLS to the upstream, adding the bearer token and nothing else.</summary>
internal sealed class BareForwarder : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareForwarder(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<BareForwarder> StartAsync(Pki pki, int upstreamPort, string token, CancellationToken ct)
    {
        var port = Ports.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddHttpForwarder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l =>
        {
            l.Protocols = HttpProtocols.Http1AndHttp2;
            l.UseHttps(pki.Serving);
        }));
        var app = builder.Build();
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ActivityHeadersPropagator = null,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => pki.Validate(cert) },
        });
        var destination = $"https://127.0.0.1:{upstreamPort}/";
        var config = new ForwarderRequestConfig { ActivityTimeout = Timeout.InfiniteTimeSpan };
        var transformer = new TokenTransformer("Bearer " + token);
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        app.Run(async context =>
        {
            var error = await forwarder.SendAsync(context, destination, invoker, config, transformer);
            Debug.Assert(error == ForwarderError.None || context.RequestAborted.IsCancellationRequested);
        });
        await app.StartAsync(ct);
        return new BareForwarder(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>YARP's base transformer copies the request (no X-Forwarded headers, no original Host);
    /// this adds only the upstream credential.</summary>
    private sealed class TokenTransformer(string authorization) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(
            HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.Headers.Remove("Authorization");
            proxyRequest.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
    }
}
