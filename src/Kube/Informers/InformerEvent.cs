namespace ClusterGateway.Kube.Informers;

/// <summary>
/// A change of an informer's store, delivered after the store was updated (client-go's
/// <c>ResourceEventHandler</c> OnAdd/OnUpdate/OnDelete). Objects are the store's instances: do not mutate them.
/// </summary>
/// <typeparam name="T">Object type.</typeparam>
/// <param name="Type">What happened.</param>
/// <param name="Old">Previous state: <see langword="null"/> for <see cref="InformerEventType.Added"/>; for
/// <see cref="InformerEventType.Deleted"/> the object's last known state.</param>
/// <param name="New">New state: <see langword="null"/> for <see cref="InformerEventType.Deleted"/>.</param>
public sealed record InformerEvent<T>(InformerEventType Type, T? Old, T? New)
    where T : class
{
    /// <summary>
    /// Whether a list found the change (a relist's diff against the previous store) rather than a watch event: its
    /// order among the list's other changes is unknown, and a deletion carries the object's last known
    /// resourceVersion, not the deletion's. <see cref="Informer{T}.Listed"/> follows the list's last change.
    /// </summary>
    public bool FromList { get; init; }

    /// <summary>The object concerned: <see cref="New"/>, or <see cref="Old"/> for a deletion.</summary>
    public T Object => New ?? Old ?? throw new InvalidOperationException("An informer event carries no object.");
}
