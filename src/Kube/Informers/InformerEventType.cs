namespace ClusterGateway.Kube.Informers;

/// <summary>What happened to an object in an informer's store.</summary>
public enum InformerEventType
{
    /// <summary>The object appeared (initial list, watch ADDED, or found by a relist).</summary>
    Added,

    /// <summary>The object changed (watch MODIFIED, or a different resourceVersion found by a relist).</summary>
    Modified,

    /// <summary>The object is gone (watch DELETED, or missing from a relist).</summary>
    Deleted,
}
