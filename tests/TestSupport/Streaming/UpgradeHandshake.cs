using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ClusterGateway.TestSupport.Streaming;

/// <summary>
/// The two upgrade handshakes of the apiserver's streaming endpoints, done by hand on Kestrel's
/// <see cref="IHttpUpgradeFeature"/> (no WebSocket middleware, so the fake picks subprotocols itself):
/// <list type="bullet">
/// <item>WebSocket (RFC 6455 §4.2.2): <c>Sec-WebSocket-Accept</c> from the key, one subprotocol chosen from
/// <c>Sec-WebSocket-Protocol</c> in the client's order;</item>
/// <item>SPDY/3.1 (apimachinery httpstream.Handshake): the first <c>X-Stream-Protocol-Version</c> the server supports,
/// echoed on the 101; none gives 403 with <c>X-Accepted-Stream-Protocol-Versions</c>.</item>
/// </list>
/// </summary>
internal static class UpgradeHandshake
{
    private const string WebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>Whether the request asks for a WebSocket (else it is SPDY or no upgrade).</summary>
    public static bool IsWebSocket(HttpRequest request) =>
        request.Headers.Upgrade.Any(u => "websocket".Equals(u, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the request asks for SPDY/3.1.</summary>
    public static bool IsSpdy(HttpRequest request) =>
        request.Headers.Upgrade.Any(u => StreamProtocols.Spdy.Equals(u, StringComparison.OrdinalIgnoreCase));

    /// <summary>The first requested WebSocket subprotocol that <paramref name="supported"/> contains, or null.</summary>
    public static string? SelectWebSocketProtocol(HttpRequest request, params string[] supported) =>
        request.Headers["Sec-WebSocket-Protocol"]
            .SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(p => supported.Contains(p, StringComparer.Ordinal));

    /// <summary>Switches to WebSocket with <paramref name="protocol"/> as the subprotocol.</summary>
    public static async Task<WebSocket> AcceptWebSocketAsync(HttpContext context, string protocol)
    {
        var key = context.Request.Headers["Sec-WebSocket-Key"].ToString();
        if (key.Length == 0)
        {
            throw FakeApiException.BadRequest("missing Sec-WebSocket-Key");
        }

        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + WebSocketGuid)));
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers["Sec-WebSocket-Accept"] = accept;
        context.Response.Headers["Sec-WebSocket-Protocol"] = protocol;
        var stream = await UpgradeAsync(context);
        // The subprotocol was negotiated in the headers above; WebSocket would reject SPDY/3.1+portforward.k8s.io
        // ('/' is not a token character in RFC 6455), so it is not repeated here.
        return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = true,
            KeepAliveInterval = TimeSpan.Zero,
        });
    }

    /// <summary>Negotiates the SPDY stream protocol; 403 with the accepted list when nothing matches.</summary>
    public static string SelectSpdyProtocol(HttpContext context, params string[] supported)
    {
        var requested = context.Request.Headers[StreamProtocols.VersionHeader]
            .SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        var chosen = requested.FirstOrDefault(p => supported.Contains(p, StringComparer.Ordinal));
        if (chosen is not null)
        {
            return chosen;
        }

        context.Response.Headers[StreamProtocols.AcceptedVersionsHeader] = supported;
        throw new FakeApiException(403, "Forbidden", "unable to upgrade: unable to negotiate protocol: " +
            $"client supports {string.Join(", ", requested)}, server accepts {string.Join(", ", supported)}");
    }

    /// <summary>Switches to SPDY/3.1 with the negotiated stream protocol; returns the raw connection.</summary>
    public static Task<Stream> AcceptSpdyAsync(HttpContext context, string protocol)
    {
        context.Response.Headers.Upgrade = StreamProtocols.Spdy;
        context.Response.Headers[StreamProtocols.VersionHeader] = protocol;
        return UpgradeAsync(context);
    }

    private static Task<Stream> UpgradeAsync(HttpContext context)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is not { IsUpgradableRequest: true })
        {
            throw FakeApiException.BadRequest("Upgrade request required");
        }

        return upgrade.UpgradeAsync();
    }
}
