namespace ClusterGateway.Gateway.Tests.ClusterProxy;

/// <summary>The ClusterProxy tests share the environments of <see cref="ClusterProxyFixture"/> and run in turn.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterProxyCollection : ICollectionFixture<ClusterProxyFixture>
{
    public const string Name = "ClusterProxy";
}
