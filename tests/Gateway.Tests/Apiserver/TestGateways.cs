using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Tests.Apiserver;

/// <summary>ClusterGateway objects for the API tests.</summary>
internal static class TestGateways
{
    public static V1Alpha1ClusterGateway Token(string name, bool healthy = true) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Uid = $"uid-{name}",
            ResourceVersion = "7",
            CreationTimestamp = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero),
        },
        Spec = new ClusterGatewaySpec
        {
            Access = new ClusterAccess
            {
                Endpoint = new ClusterEndpoint
                {
                    Type = EndpointTypes.Const,
                    Const = new ClusterEndpointConst { Address = $"https://{name}.example:6443" },
                },
                Credential = new ClusterAccessCredential { Type = CredentialTypes.ServiceAccountToken, ServiceAccountToken = "tok" },
            },
        },
        Status = new ClusterGatewayStatus { Healthy = healthy, HealthyReason = healthy ? null : "ConnectionTimeout" },
    };

    public static V1Alpha1ClusterGateway ProxyWithoutCredential(string name) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new ClusterGatewaySpec
        {
            Access = new ClusterAccess { Endpoint = new ClusterEndpoint { Type = EndpointTypes.ClusterProxy } },
        },
    };
}
