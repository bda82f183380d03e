namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// The registry replaced its state without recording the changes one by one (a hub relist or the initial load),
/// so a <see cref="ClusterSubscription"/> cannot go on; the reader should relist (kube-apiserver's cacher likewise
/// ends every watcher when it relists, apiserver <c>pkg/storage/cacher/cacher.go</c> <c>terminateAllWatchers</c>).
/// </summary>
internal sealed class ClusterSubscriptionResetException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClusterSubscriptionResetException()
        : base("The gateway reloaded its clusters; changes before the reload cannot be replayed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ClusterSubscriptionResetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ClusterSubscriptionResetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
