namespace ClusterGateway.AddonManager.Certificates;

/// <summary>
/// The outcome of <see cref="ServingTlsPlanner.Plan(SignerState?, ServingCertState?, IReadOnlyList{string})"/>: the
/// desired signer and serving state, which of them must be written, and the APIService <c>caBundle</c>.
/// </summary>
/// <param name="Signer">The signer state to keep (written only when <paramref name="SignerChanged"/>).</param>
/// <param name="Serving">The serving certificate to keep (written only when <paramref name="ServingChanged"/>).</param>
/// <param name="CaBundlePem">Current CA, then the previous CA during an overlap; deterministic for unchanged input.</param>
/// <param name="SignerChanged">The signer Secret must be written.</param>
/// <param name="ServingChanged">The serving Secret must be written.</param>
internal sealed record TlsPlan(
    SignerState Signer,
    ServingCertState Serving,
    string CaBundlePem,
    bool SignerChanged,
    bool ServingChanged)
{
    /// <summary>Gets the signer Secret data to write, or null when the stored one is still right.</summary>
    public Dictionary<string, byte[]>? SignerSecretData => SignerChanged ? Signer.ToSecretData() : null;

    /// <summary>Gets the serving Secret data to write, or null when the stored one is still right.</summary>
    public Dictionary<string, byte[]>? ServingSecretData => ServingChanged ? Serving.ToSecretData() : null;

    /// <summary>Gets a value indicating whether nothing needs writing (idempotent reconcile).</summary>
    public bool IsNoOp => !SignerChanged && !ServingChanged;
}
