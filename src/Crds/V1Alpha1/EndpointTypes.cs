namespace ClusterGateway.Crds.V1Alpha1;

/// <summary>Values of <see cref="ClusterEndpoint.Type"/> (and the endpoint-type Secret label).</summary>
public static class EndpointTypes
{
    /// <summary>A fixed URL.</summary>
    public const string Const = "Const";

    /// <summary>An OCM cluster-proxy (konnectivity) tunnel to <c>&lt;cluster-name&gt;:443</c>.</summary>
    public const string ClusterProxy = "ClusterProxy";
}
