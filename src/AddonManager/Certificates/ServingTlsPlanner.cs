using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ClusterGateway.AddonManager.Certificates;

/// <summary>
/// Decides what the serving-TLS reconciler must write: the signer CA (created when absent, rotated at
/// <see cref="TlsPolicy.RenewAtFraction"/> of its life keeping the previous CA for an overlap), the serving certificate
/// (reissued when missing, past the renewal point, its SANs differ or its signer is not the current CA) and the
/// APIService <c>caBundle</c>. Pure apart from the clock and key generation, so it is tested without a cluster.
/// </summary>
/// <param name="timeProvider">The clock; tests move it to exercise rotation.</param>
/// <param name="policy">Lifetimes and thresholds; <see cref="TlsPolicy.Default"/> when null.</param>
internal sealed class ServingTlsPlanner(TimeProvider timeProvider, TlsPolicy? policy = null)
{
    private readonly TlsPolicy _policy = policy ?? TlsPolicy.Default;

    /// <summary>Plans against the current time of the injected clock.</summary>
    /// <param name="current">The stored signer, or null when its Secret is absent.</param>
    /// <param name="serving">The stored serving certificate, or null when its Secret is absent.</param>
    /// <param name="sans">The wanted DNS SANs (e.g. from <see cref="ServiceDnsNames.For"/>).</param>
    /// <returns>The plan; <see cref="TlsPlan.IsNoOp"/> when nothing is due.</returns>
    public TlsPlan Plan(SignerState? current, ServingCertState? serving, IReadOnlyList<string> sans) =>
        Plan(current, serving, sans, timeProvider.GetUtcNow());

    /// <summary>Plans against an explicit time.</summary>
    /// <param name="current">The stored signer, or null when its Secret is absent.</param>
    /// <param name="serving">The stored serving certificate, or null when its Secret is absent.</param>
    /// <param name="sans">The wanted DNS SANs.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The plan; <see cref="TlsPlan.IsNoOp"/> when nothing is due.</returns>
    public TlsPlan Plan(SignerState? current, ServingCertState? serving, IReadOnlyList<string> sans, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sans);
        var names = sans.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count == 0)
        {
            throw new ArgumentException("At least one DNS name is required.", nameof(sans));
        }

        var (signerState, rotated) = PlanSigner(current, now);
        using var signer = CertificateInspector.TryLoad(signerState.CertificatePem, signerState.KeyPem)
            ?? throw new InvalidOperationException("The planned signer does not load.");

        var servingState = serving is not null && IsServingValid(serving, signer, names, now)
            ? serving
            : CertificateIssuer.IssueServing(signer, names, _policy, now);
        var servingChanged = !ReferenceEquals(servingState, serving);

        // Drop the previous CA once the stored (already distributed) serving certificate is signed by the current CA
        // and the overlap has passed, or as soon as the previous CA is unusable anyway.
        if (!rotated && signerState.PreviousCertificatePem is not null
            && ShouldDropPrevious(signerState.PreviousCertificatePem, signer, servingChanged, now))
        {
            signerState = signerState with { PreviousCertificatePem = null };
        }

        var signerChanged = !ReferenceEquals(signerState, current);
        return new TlsPlan(signerState, servingState, Bundle(signer, signerState.PreviousCertificatePem), signerChanged, servingChanged);
    }

    private (SignerState State, bool Rotated) PlanSigner(SignerState? current, DateTimeOffset now)
    {
        if (current is null)
        {
            return (CertificateIssuer.CreateSigner(_policy, now), false);
        }

        using var loaded = CertificateInspector.TryLoad(current.CertificatePem, current.KeyPem);
        if (loaded is null)
        {
            return (CertificateIssuer.CreateSigner(_policy, now), false);
        }

        if (!CertificateInspector.IsRenewalDue(loaded, now, _policy.RenewAtFraction))
        {
            return (current, false);
        }

        // Rotation: the old CA stays trusted (if still valid) until serving certificates it signed are replaced.
        var previous = CertificateInspector.IsExpired(loaded, now) ? null : loaded.ExportCertificatePem();
        return (CertificateIssuer.CreateSigner(_policy, now) with { PreviousCertificatePem = previous }, true);
    }

    private bool IsServingValid(ServingCertState serving, X509Certificate2 signer, List<string> names, DateTimeOffset now)
    {
        using var leaf = CertificateInspector.TryLoad(serving.CertificatePem, serving.KeyPem);
        return leaf is not null
            && !CertificateInspector.IsRenewalDue(leaf, now, _policy.RenewAtFraction)
            && CertificateInspector.HasDnsNames(leaf, names)
            && CertificateInspector.IsSignedBy(leaf, signer, now);
    }

    private bool ShouldDropPrevious(string previousPem, X509Certificate2 signer, bool servingChanged, DateTimeOffset now)
    {
        using var previous = CertificateInspector.TryLoad(previousPem);
        if (previous is null || CertificateInspector.IsExpired(previous, now))
        {
            return true;
        }

        var overlapEnds = CertificateInspector.NotBefore(signer) + _policy.ClockSkew + _policy.RotationOverlap;
        return !servingChanged && now >= overlapEnds;
    }

    private static string Bundle(X509Certificate2 signer, string? previousPem)
    {
        var bundle = new StringBuilder(signer.ExportCertificatePem()).Append('\n');
        using var previous = previousPem is null ? null : CertificateInspector.TryLoad(previousPem);
        if (previous is not null)
        {
            bundle.Append(previous.ExportCertificatePem()).Append('\n');
        }

        return bundle.ToString();
    }
}
