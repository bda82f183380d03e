using System.Globalization;
using System.Net;

namespace ClusterGateway.AddonManager.Configuration;

/// <summary>Go-style listen addresses as controller-runtime takes them: <c>:48081</c>, <c>127.0.0.1:0</c>, <c>0</c> (disabled).</summary>
internal static class BindAddress
{
    /// <summary>Parses a bind address.</summary>
    /// <param name="value">The flag value.</param>
    /// <returns>The endpoint, or <see langword="null"/> when disabled (<c>0</c> or empty).</returns>
    /// <exception cref="AddonManagerOptionsException">Not <c>host:port</c>.</exception>
    public static IPEndPoint? Parse(string value)
    {
        if (value.Length == 0 || string.Equals(value, "0", StringComparison.Ordinal))
        {
            return null;
        }

        var colon = value.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new AddonManagerOptionsException($"invalid bind address {value}: expected host:port");
        }

        var host = value[..colon].Trim('[', ']');
        if (host.Length == 0)
        {
            return new IPEndPoint(IPAddress.Any, port);
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return IPAddress.TryParse(host, out var address)
            ? new IPEndPoint(address, port)
            : throw new AddonManagerOptionsException($"invalid bind address {value}: host must be an IP address");
    }
}
