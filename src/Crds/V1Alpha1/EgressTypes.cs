namespace ClusterGateway.Crds.V1Alpha1;

/// <summary>Values of <c>spec.egress.type</c> of a ClusterGatewayConfiguration.</summary>
public static class EgressTypes
{
    /// <summary>The gateway dials the cluster endpoints directly.</summary>
    public const string Direct = "Direct";

    /// <summary>The gateway tunnels through the OCM cluster-proxy.</summary>
    public const string ClusterProxy = "ClusterProxy";
}
