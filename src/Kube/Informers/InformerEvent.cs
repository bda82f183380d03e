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
    /// <summary>The object concerned: <see cref="New"/>, or <see cref="Old"/> for a deletion.</summary>
    public T Object => New ?? Old ?? throw new InvalidOperationException("An informer event carries no object.");
}
