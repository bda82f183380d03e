namespace ClusterGateway.AddonManager.Certificates;

/// <summary>
/// Lifetimes and thresholds for serving-TLS management. Defaults follow upstream <c>certrotation</c>: renew at 80% of a
/// certificate's lifetime; the serving certificate lives 180 days (capped at the CA's remaining life).
/// </summary>
internal sealed record TlsPolicy
{
    /// <summary>Gets the default policy.</summary>
    public static TlsPolicy Default { get; } = new();

    /// <summary>Gets the signer CA validity.</summary>
    public TimeSpan SignerValidity { get; init; } = TimeSpan.FromDays(365);

    /// <summary>Gets the serving certificate validity (capped at the signer's remaining life).</summary>
    public TimeSpan ServingValidity { get; init; } = TimeSpan.FromDays(180);

    /// <summary>Gets the fraction of a lifetime after which a certificate is renewed.</summary>
    public double RenewAtFraction { get; init; } = 0.8;

    /// <summary>
    /// Gets how long the previous CA stays in the bundle after a rotation, at least; it is dropped only once the stored
    /// serving certificate is signed by the current CA, so consumers have had time to pick up both the bundle and the
    /// new serving certificate.
    /// </summary>
    public TimeSpan RotationOverlap { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Gets the backdating of notBefore, tolerating clock skew between the hub's components.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the subject common name prefix of the signer; a timestamp makes each generation distinct.</summary>
    public string SignerCommonName { get; init; } = "cluster-gateway-ca";
}
