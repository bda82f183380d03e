using System.Collections.Concurrent;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Egress;
using ClusterGateway.Gateway.Observability;
using ClusterGateway.Gateway.Proxy.Credentials;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>
/// One <see cref="ClusterTransport"/> per cluster, rebuilt only when the cluster's ClusterGateway object changes
/// (and its connection pool only when TLS/proxy/credential settings change). Entries of removed clusters are dropped
/// at once, so a rotated or deleted credential is never used for a new request. Disposed with the host: the current
/// pools close their connections (tunnels end with CLOSE_REQ instead of lingering until the process exits).
/// </summary>
internal sealed class ClusterTransportCache : IDisposable
{
    private readonly ConcurrentDictionary<string, ClusterTransport> _transports = new(StringComparer.Ordinal);
    private readonly TimeSpan _connectTimeout;
    private readonly ExecCredentialCache _credentials;
    private readonly ClusterProxyEgress _egress;
    private readonly bool _traced;

    /// <summary>Subscribes to registry changes to drop stale entries.</summary>
    /// <param name="registry">The cluster registry.</param>
    /// <param name="options">Gateway options (<c>--upstream-connect-timeout</c>).</param>
    /// <param name="credentials">Exec credentials of Dynamic clusters.</param>
    /// <param name="egress">The shared cluster-proxy dialer of ClusterProxy clusters.</param>
    /// <param name="tracing">Whether tracing is on (connections then propagate the client span).</param>
    public ClusterTransportCache(IClusterRegistry registry, GatewayOptions options, ExecCredentialCache credentials,
        ClusterProxyEgress egress, ProxyTracing? tracing = null)
    {
        _traced = tracing?.Enabled == true;
        _egress = egress;
        _connectTimeout = options.UpstreamConnectTimeout;
        _credentials = credentials;
        registry.Changed += changes =>
        {
            foreach (var change in changes)
            {
                if (change.New?.Gateway is null)
                {
                    _transports.TryRemove(change.Name, out _);
                }
            }
        };
    }

    /// <summary>Closes the connection pools of the current transports.</summary>
    public void Dispose()
    {
        foreach (var transport in _transports.Values)
        {
            transport.Invoker.Dispose();
        }

        _transports.Clear();
    }

    /// <summary>Returns the transport for the current version of a cluster.</summary>
    /// <param name="gateway">The cluster's current ClusterGateway (from the registry snapshot).</param>
    /// <returns>The transport.</returns>
    /// <exception cref="ClusterTransportException">The cluster cannot be reached with its settings.</exception>
    public ClusterTransport Get(V1Alpha1ClusterGateway gateway)
    {
        var name = gateway.Metadata.Name ?? "";
        while (true)
        {
            _transports.TryGetValue(name, out var current);
            if (current is not null && ReferenceEquals(current.Gateway, gateway))
            {
                return current;
            }

            var fresh = ClusterTransport.Create(gateway, current, _connectTimeout, _credentials, _egress, _traced);
            var stored = current is null
                ? _transports.TryAdd(name, fresh)
                : _transports.TryUpdate(name, fresh, current);
            if (stored)
            {
                return fresh;
            }
        }
    }
}
