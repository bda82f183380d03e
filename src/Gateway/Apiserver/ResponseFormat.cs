namespace ClusterGateway.Gateway.Apiserver;

/// <summary>The negotiated representation of a <c>clustergateways</c> get, list or watch response.</summary>
/// <param name="Shape">Object, Table or PartialObjectMetadata.</param>
/// <param name="MetaVersion"><c>v1</c> or <c>v1beta1</c> of <c>meta.k8s.io</c> for Tables and metadata; otherwise empty.</param>
internal sealed record ResponseFormat(ResponseShape Shape, string MetaVersion)
{
    /// <summary>Plain JSON: the ClusterGateway or ClusterGatewayList.</summary>
    public static ResponseFormat Json { get; } = new(ResponseShape.Object, "");

    /// <summary>Whether a Table was negotiated.</summary>
    public bool AsTable => Shape == ResponseShape.Table;

    /// <summary>The Table's version when <see cref="AsTable"/>.</summary>
    public string TableVersion => AsTable ? MetaVersion : "";

    /// <summary>A Table of the given <c>meta.k8s.io</c> version.</summary>
    /// <param name="version"><c>v1</c> or <c>v1beta1</c>.</param>
    /// <returns>The format.</returns>
    public static ResponseFormat Table(string version) => new(ResponseShape.Table, version);

    /// <summary>PartialObjectMetadata(List) of the given <c>meta.k8s.io</c> version.</summary>
    /// <param name="version"><c>v1</c> or <c>v1beta1</c>.</param>
    /// <returns>The format.</returns>
    public static ResponseFormat Metadata(string version) => new(ResponseShape.PartialObjectMetadata, version);
}
