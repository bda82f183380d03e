namespace ClusterGateway.Gateway.Clusters;

/// <summary>A <see cref="ClusterSubscription"/> fell too far behind and was dropped; the reader should start over.</summary>
internal sealed class ClusterSubscriptionOverflowException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClusterSubscriptionOverflowException()
        : base("The cluster change feed fell too far behind and was closed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ClusterSubscriptionOverflowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ClusterSubscriptionOverflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
