namespace ClusterGateway.Crds.SecretConversion;

/// <summary>How <see cref="ClusterGatewaySecretConverter.Convert"/> builds a ClusterGateway from a Secret.</summary>
public sealed record SecretConversionOptions
{
    /// <summary>The defaults: <see cref="ReadHealth"/> on.</summary>
    public static SecretConversionOptions Default { get; } = new();

    /// <summary>
    /// Read <c>status.healthy</c> and <c>status.healthyReason</c> from the Secret annotations
    /// <c>status.cluster.core.oam.dev/healthy</c> and <c>status.cluster.core.oam.dev/healthy-reason</c> (upstream reads
    /// them only with the <c>HealthinessCheck</c> feature gate; the gateway turns this on by default). When off, the
    /// status is <c>{"healthy":false}</c>.
    /// </summary>
    public bool ReadHealth { get; init; } = true;

    /// <summary>
    /// The caller supplies <c>spec.access.endpoint.const.address</c> after conversion (OCM integration: the Secret's
    /// ManagedCluster has <c>spec.managedClusterClientConfigs[0].url</c>), so a Const Secret without the data key
    /// <c>endpoint</c> is not an error; its address is then empty. A present <c>endpoint</c> is still validated.
    /// </summary>
    public bool EndpointSupplied { get; init; }
}
