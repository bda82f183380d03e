using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Certificates;
using ClusterGateway.AddonManager.Desired;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.AddonManager.Installation;

/// <summary>
/// The serving-TLS part of the installation, in two halves around the APIService so that trust always leads use:
/// <see cref="PrepareAsync"/> plans with <see cref="ServingTlsPlanner"/> and persists the signer CA (a CA key is stored
/// before anything it signs is handed out); the caller then updates the APIService <c>caBundle</c> (current and
/// previous CA); <see cref="CompleteAsync"/> finally writes the serving certificate the gateway pods load.
/// </summary>
/// <param name="secrets">Secret access.</param>
/// <param name="timeProvider">The clock (the planner must use the same one).</param>
/// <param name="policy">The planner's policy, for the next due time.</param>
internal sealed class ServingTls(ServingTlsSecrets secrets, TimeProvider timeProvider, TlsPolicy policy)
{
    /// <summary>The longest wait between TLS checks, bounding the effect of clock jumps.</summary>
    public static readonly TimeSpan MaxRecheck = TimeSpan.FromHours(12);

    private readonly ServingTlsPlanner _planner = new(timeProvider, policy);

    /// <summary>Reads both Secrets, plans, and writes the signer Secret when the plan changes it.</summary>
    /// <param name="configuration">The active configuration.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The plan and the serving Secret as read, for <see cref="CompleteAsync"/>.</returns>
    /// <exception cref="Kube.Client.KubeApiException">A read or write failed (409: changed meanwhile; retry).</exception>
    public async Task<ServingTlsRound> PrepareAsync(
        V1Alpha1ClusterGatewayConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var installNamespace = configuration.Spec.InstallNamespace;
        var signerSecret = await secrets.ReadSignerAsync(cancellationToken).ConfigureAwait(false);
        var servingSecret = await secrets.ReadServingAsync(installNamespace, cancellationToken).ConfigureAwait(false);
        var plan = _planner.Plan(
            SignerState.FromSecretData(signerSecret?.Data),
            ServingCertState.FromSecretData(servingSecret?.Data),
            ServiceDnsNames.For(InstallationNames.Gateway, installNamespace));
        if (plan.SignerChanged)
        {
            await secrets.WriteSignerAsync(signerSecret, plan.Signer, cancellationToken).ConfigureAwait(false);
        }

        return new ServingTlsRound(plan, servingSecret);
    }

    /// <summary>
    /// Writes the serving Secret when the plan changed it, or when it is not yet controlled by
    /// <paramref name="configuration"/> (taken over from upstream or from a previously active configuration); otherwise
    /// only corrects its APIService owner reference when that differs from <paramref name="apiServiceOwner"/>.
    /// </summary>
    /// <param name="configuration">The active configuration.</param>
    /// <param name="round">The result of <see cref="PrepareAsync"/>.</param>
    /// <param name="apiServiceOwner">The APIService as second owner (<see cref="ApiServiceManifest.OwnerReference"/>),
    /// or null before it is registered.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Whether the certificate was written (not for an owner-only change).</returns>
    /// <exception cref="Kube.Client.KubeApiException">The write failed (409: changed meanwhile; retry).</exception>
    public async Task<bool> CompleteAsync(
        V1Alpha1ClusterGatewayConfiguration configuration, ServingTlsRound round, JsonObject? apiServiceOwner,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(round);
        if (!round.Plan.ServingChanged && round.ServingSecret is { } existing && IsOurs(existing, configuration))
        {
            if (!ServingTlsSecrets.HasApiServiceOwner(existing, apiServiceOwner))
            {
                await secrets.WriteServingOwnersAsync(configuration, existing, apiServiceOwner, cancellationToken)
                    .ConfigureAwait(false);
            }

            return false;
        }

        await secrets.WriteServingAsync(configuration, round.ServingSecret, round.Plan.Serving, apiServiceOwner,
            cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// How long until the plan needs another look: the earliest renewal point (<see cref="TlsPolicy.RenewAtFraction"/>
    /// of a lifetime) of the signer and the serving certificate, or the end of a rotation overlap; between one second
    /// and <see cref="MaxRecheck"/>.
    /// </summary>
    /// <param name="plan">The plan just carried out.</param>
    /// <returns>The delay.</returns>
    public TimeSpan NextCheck(TlsPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var signer = CertificateInspector.TryLoad(plan.Signer.CertificatePem);
        using var serving = CertificateInspector.TryLoad(plan.Serving.CertificatePem);
        var due = DateTimeOffset.MaxValue;
        foreach (var certificate in new[] { signer, serving })
        {
            if (certificate is not null)
            {
                var notBefore = CertificateInspector.NotBefore(certificate);
                var renewal = notBefore + ((CertificateInspector.NotAfter(certificate) - notBefore) * policy.RenewAtFraction);
                due = renewal < due ? renewal : due;
            }
        }

        if (plan.Signer.PreviousCertificatePem is not null && signer is not null)
        {
            var overlapEnds = CertificateInspector.NotBefore(signer) + policy.ClockSkew + policy.RotationOverlap;
            due = overlapEnds < due ? overlapEnds : due;
        }

        var delay = due == DateTimeOffset.MaxValue ? MaxRecheck : due - timeProvider.GetUtcNow();
        return delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay > MaxRecheck ? MaxRecheck : delay;
    }

    // The uid matters: a configuration deleted and re-created under the same name is a new owner, and a reference to
    // the old uid would let the garbage collector delete the Secret.
    private static bool IsOurs(Secret secret, V1Alpha1ClusterGatewayConfiguration configuration) =>
        OwnerReferences.IsControlledBy(secret, configuration)
        && secret.Metadata.OwnerReferences!.Any(r => r.TryGetProperty("uid", out var uid)
            && uid.ValueKind == JsonValueKind.String && uid.GetString() == configuration.Metadata.Uid)
        && secret.Metadata.Labels?.GetValueOrDefault(InstallationNames.AddonNameLabel) == InstallationNames.Gateway;
}
