using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ClusterGateway.Gateway.Tests.Proxy.Connections;

/// <summary>
/// A "cluster" that accepts TCP connections and never answers the TLS ClientHello: every connection is held open,
/// unread, until dispose. Counts accepted connections.
/// </summary>
internal sealed class HungTlsServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _held = [];
    private int _connections;

    public HungTlsServer()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary><c>https://127.0.0.1:PORT/</c>.</summary>
    public Uri Url => new($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>TCP connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var socket in _held)
        {
            socket.Dispose();
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                _held.Add(await _listener.AcceptSocketAsync(_stop.Token));
                Interlocked.Increment(ref _connections);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
