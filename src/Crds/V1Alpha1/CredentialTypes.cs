namespace ClusterGateway.Crds.V1Alpha1;

/// <summary>Values of <see cref="ClusterAccessCredential.Type"/> (and the credential-type Secret label).</summary>
public static class CredentialTypes
{
    /// <summary>Bearer token.</summary>
    public const string ServiceAccountToken = "ServiceAccountToken";

    /// <summary>Client certificate and key.</summary>
    public const string X509Certificate = "X509Certificate";

    /// <summary>A client-go exec credential plugin.</summary>
    public const string Dynamic = "Dynamic";
}
