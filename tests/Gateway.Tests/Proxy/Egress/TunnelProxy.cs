using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ClusterGateway.Gateway.Tests.Proxy.Egress;

/// <summary>
/// Base of the minimal loopback proxies the egress tests use: accepts TCP connections, lets the subclass negotiate the
/// tunnel (HTTP CONNECT, SOCKS5), then pumps bytes both ways. Counts connections and records the tunnel targets.
/// </summary>
internal abstract class TunnelProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _targets = new();
    private readonly Task _accepting;
    private int _connections;

    protected TunnelProxy()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>TCP connections accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Tunnel targets requested, e.g. <c>127.0.0.1:443</c> or <c>localhost:443</c>.</summary>
    public IReadOnlyList<string> Targets => [.. _targets];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    /// <summary>Reads the tunnel request from <paramref name="client"/> and answers it.</summary>
    /// <returns>The target host and port, or null when the request was refused (the connection is closed).</returns>
    protected abstract Task<(string Host, int Port)?> NegotiateAsync(Stream client, CancellationToken cancellationToken);

    /// <summary>Tells the client the tunnel is open.</summary>
    protected abstract Task ConfirmAsync(Stream client, CancellationToken cancellationToken);

    /// <summary>The stream to speak on (e.g. TLS for an HTTPS proxy); default the raw one.</summary>
    protected virtual Task<Stream> WrapAsync(Stream raw, CancellationToken cancellationToken) => Task.FromResult(raw);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var token = _stop.Token;
        try
        {
            await using var stream = await WrapAsync(client.GetStream(), token);
            if (await NegotiateAsync(stream, token) is not { } target)
            {
                return;
            }

            _targets.Enqueue($"{target.Host}:{target.Port}");
            using var upstream = new TcpClient();
            await upstream.ConnectAsync(target.Host, target.Port, token);
            await ConfirmAsync(stream, token);
            var upstreamStream = upstream.GetStream();
            await Task.WhenAny(stream.CopyToAsync(upstreamStream, token), upstreamStream.CopyToAsync(stream, token));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException
                                      or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
            // The test decides what a failed tunnel means; the proxy just closes.
        }
    }
}
