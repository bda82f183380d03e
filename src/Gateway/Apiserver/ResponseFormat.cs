namespace ClusterGateway.Gateway.Apiserver;

/// <summary>The negotiated representation of a <c>clustergateways</c> get or list response.</summary>
/// <param name="AsTable">A <c>meta.k8s.io</c> Table instead of the object or list.</param>
/// <param name="TableVersion"><c>v1</c> or <c>v1beta1</c> when <paramref name="AsTable"/>; otherwise empty.</param>
internal sealed record ResponseFormat(bool AsTable, string TableVersion)
{
    /// <summary>Plain JSON: the ClusterGateway or ClusterGatewayList.</summary>
    public static ResponseFormat Json { get; } = new(false, "");

    /// <summary>A Table of the given <c>meta.k8s.io</c> version.</summary>
    public static ResponseFormat Table(string version) => new(true, version);
}
