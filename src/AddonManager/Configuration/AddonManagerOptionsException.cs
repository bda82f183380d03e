namespace ClusterGateway.AddonManager.Configuration;

/// <summary>An unusable flag or environment value; the message is shown to the user as is.</summary>
internal sealed class AddonManagerOptionsException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, for the user.</param>
    public AddonManagerOptionsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AddonManagerOptionsException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, for the user.</param>
    /// <param name="inner">The cause.</param>
    public AddonManagerOptionsException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
