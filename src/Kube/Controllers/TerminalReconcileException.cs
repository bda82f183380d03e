namespace ClusterGateway.Kube.Controllers;

/// <summary>
/// A reconcile failure that retrying cannot fix, e.g. an invalid spec (controller-runtime <c>reconcile.TerminalError</c>):
/// the controller logs it and forgets the key until the next change.
/// </summary>
public sealed class TerminalReconcileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TerminalReconcileException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public TerminalReconcileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public TerminalReconcileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
