namespace ClusterGateway.Gateway.Apiserver;

/// <summary>What a <c>clustergateways</c> response carries, from the <c>as=</c> parameter of the chosen Accept range.</summary>
internal enum ResponseShape
{
    /// <summary>The ClusterGateway or ClusterGatewayList itself.</summary>
    Object,

    /// <summary><c>as=Table</c>: a <c>meta.k8s.io</c> Table.</summary>
    Table,

    /// <summary>
    /// <c>as=PartialObjectMetadata</c> (get, watch events) or <c>as=PartialObjectMetadataList</c> (list): metadata
    /// only, what metadata informers (garbage collector, quota) ask for.
    /// </summary>
    PartialObjectMetadata,
}
