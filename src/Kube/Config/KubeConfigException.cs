namespace ClusterGateway.Kube.Config;

/// <summary>
/// A kubeconfig or in-cluster configuration could not be read or resolved: a missing or unparsable file, an unknown
/// context/cluster/user, bad base64 or PEM, a certificate without key, a CA together with
/// <c>insecure-skip-tls-verify</c>. The message names the file, context, cluster or user concerned.
/// </summary>
public sealed class KubeConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KubeConfigException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the context/cluster/user or file.</param>
    public KubeConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the context/cluster/user or file.</param>
    /// <param name="innerException">The cause (I/O, YAML, base64 or cryptographic error).</param>
    public KubeConfigException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
