namespace ClusterGateway.E2E.Journey;

/// <summary>Names the chart (with its default values) and the addon-manager use.</summary>
internal static class Names
{
    public const string ReleaseNamespace = "cg-system";
    public const string ManagerDeployment = "cluster-gateway-addon-manager";
    public const string SignerSecret = "cluster-gateway-signer";
    public const string Configuration = "cluster-gateway";
    public const string GatewayNamespace = "open-cluster-management-cluster-gateway";
    public const string SecretNamespace = "open-cluster-management-credentials";
    public const string GatewayDeployment = "gateway-deployment";
    public const string GatewayService = "cluster-gateway";
    public const string ApiService = "v1alpha1.cluster.core.oam.dev";
    public const string Addon = "cluster-gateway";
    public const string AddonInstallNamespace = "open-cluster-management-agent-addon";
    public const string Group = "cluster.core.oam.dev";
    public const string GroupVersion = "cluster.core.oam.dev/v1alpha1";
    public static readonly TimeSpan HealthInterval = TimeSpan.FromSeconds(2);
}
