namespace ClusterGateway.TestSupport;

/// <summary>The representation a read request negotiated through <c>Accept</c>.</summary>
internal enum OutputFormat
{
    Json,
    Table,
    PartialObjectMetadata,
}
