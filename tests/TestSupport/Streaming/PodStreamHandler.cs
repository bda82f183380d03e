using System.Collections.Concurrent;
using ClusterGateway.TestSupport.Spdy;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport.Streaming;

/// <summary>
/// <c>pods/{name}/exec</c>, <c>/attach</c> and <c>/portforward</c> of pods in the store (kube-apiserver plus kubelet,
/// collapsed): GET or POST with an upgrade, else 400. Transports:
/// <list type="bullet">
/// <item>exec, attach: WebSocket <c>v5.channel.k8s.io</c> / <c>v4.channel.k8s.io</c>, or SPDY/3.1 with the same
/// stream protocols (kubectl's SPDY executor offers v5 first);</item>
/// <item>portforward: SPDY/3.1 <c>portforward.k8s.io</c>, or WebSocket <c>SPDY/3.1+portforward.k8s.io</c> carrying
/// the same SPDY session in binary messages.</item>
/// </list>
/// Errors before the switch are Status bodies: 404 unknown pod, 400 bad options or no upgrade, 403 no common
/// protocol. What the container runs is <see cref="FakeCommand"/>; every forwarded port echoes.
/// </summary>
internal sealed class PodStreamHandler(FakeApiServer server)
{
    private static readonly string[] ChannelProtocols = [StreamProtocols.ChannelV5, StreamProtocols.ChannelV4];

    // How long a websocket exec or attach waits before its process "starts" (see HandleAsync).
    private static readonly TimeSpan WebSocketProcessStart = TimeSpan.FromMilliseconds(100);
    private readonly ConcurrentDictionary<string, FakePodFiles> _files = new(StringComparer.Ordinal);

    public static bool Handles(FakeResource resource, string? subresource) =>
        resource == FakeResource.Pods && subresource is "exec" or "attach" or "portforward";

    public async Task HandleAsync(HttpContext context, string? ns, string name, string subresource)
    {
        var pod = server.Store.Get(FakeResource.Pods, ns, name) ?? throw FakeApiException.NotFound(FakeResource.Pods, name);
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsPost(context.Request.Method))
        {
            throw FakeApiException.MethodNotAllowed(context.Request.Method);
        }

        var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, server.Stopping);
        using (stopping)
        {
            if (subresource == "portforward")
            {
                await PortForwardAsync(context, stopping.Token);
                return;
            }

            var options = ExecOptions.Parse(context.Request.Query, attach: subresource == "attach");
            CheckContainer(pod, name, options.Container);
            var files = _files.GetOrAdd($"{ns}/{name}", _ => new FakePodFiles());
            await using var session = await OpenSessionAsync(context, options, stopping.Token);
            IReadOnlyList<string> command = subresource == "attach" ? [] : options.Command;
            try
            {
                if (session is WebSocketCommandSession)
                {
                    // A container runtime takes a moment to start the process; a fake one that answered at once would
                    // race kubectl, whose websocket client drops frames for streams it has not created yet (client-go
                    // tools/remotecommand/websocket.go readDemuxLoop: "Unknown stream id"), e.g. `exit 3`'s status.
                    await Task.Delay(WebSocketProcessStart, stopping.Token);
                }

                var exitCode = await FakeCommand.RunAsync(command, session, files, stopping.Token);
                await session.WriteStatusAsync(CommandStatus.For(command, exitCode), stopping.Token);
            }
            catch (Exception e) when (IsDisconnect(e))
            {
                // The client went away mid-session: nothing left to tell it.
            }
        }
    }

    private static bool IsDisconnect(Exception e) =>
        e is IOException or OperationCanceledException or ObjectDisposedException
            or System.Net.WebSockets.WebSocketException;

    private static async Task<IRemoteCommandSession> OpenSessionAsync(HttpContext context, ExecOptions options,
        CancellationToken cancellationToken)
    {
        if (UpgradeHandshake.IsWebSocket(context.Request))
        {
            var protocol = UpgradeHandshake.SelectWebSocketProtocol(context.Request, ChannelProtocols) ??
                throw FakeApiException.BadRequest(
                    $"websocket subprotocol must be one of {string.Join(", ", ChannelProtocols)}");
            var socket = await UpgradeHandshake.AcceptWebSocketAsync(context, protocol);
            return new WebSocketCommandSession(socket, protocol, options);
        }

        RequireSpdy(context);
        var spdyProtocol = UpgradeHandshake.SelectSpdyProtocol(context, ChannelProtocols);
        var connection = SpdyConnection.Start(await UpgradeHandshake.AcceptSpdyAsync(context, spdyProtocol));
        try
        {
            return await SpdyCommandSession.AcceptAsync(connection, options, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task PortForwardAsync(HttpContext context, CancellationToken cancellationToken)
    {
        Stream transport;
        if (UpgradeHandshake.IsWebSocket(context.Request))
        {
            const string tunnelled = StreamProtocols.SpdyTunnelPrefix + StreamProtocols.PortForward;
            _ = UpgradeHandshake.SelectWebSocketProtocol(context.Request, tunnelled) ??
                throw FakeApiException.BadRequest($"websocket subprotocol must be {tunnelled}");
            transport = new WebSocketTunnelStream(await UpgradeHandshake.AcceptWebSocketAsync(context, tunnelled));
        }
        else
        {
            RequireSpdy(context);
            var protocol = UpgradeHandshake.SelectSpdyProtocol(context, StreamProtocols.PortForward);
            transport = await UpgradeHandshake.AcceptSpdyAsync(context, protocol);
        }

        await using var connection = SpdyConnection.Start(transport);
        try
        {
            await PortForwardServer.RunAsync(connection, cancellationToken);
            await connection.GoAwayAsync(cancellationToken);
        }
        catch (Exception e) when (IsDisconnect(e))
        {
        }
    }

    private static void RequireSpdy(HttpContext context)
    {
        if (!UpgradeHandshake.IsSpdy(context.Request))
        {
            throw FakeApiException.BadRequest("Upgrade request required");
        }
    }

    private static void CheckContainer(System.Text.Json.Nodes.JsonObject pod, string name, string? container)
    {
        var containers = pod["spec"]?["containers"]?.AsArray().Select(c => (string?)c?["name"]).ToList() ?? [];
        if (container is not null && containers.Count > 0 && !containers.Contains(container))
        {
            throw FakeApiException.BadRequest($"container {container} is not valid for pod {name}");
        }
    }
}
