using ClusterGateway.AddonManager.Certificates;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.AddonManager.Installation;

/// <summary>One reconcile's TLS state between <see cref="ServingTls.PrepareAsync"/> and <see cref="ServingTls.CompleteAsync"/>.</summary>
/// <param name="Plan">The plan (signer already persisted when it changed).</param>
/// <param name="ServingSecret">The serving Secret as read (its resourceVersion guards the write), or null when absent.</param>
internal sealed record ServingTlsRound(TlsPlan Plan, Secret? ServingSecret);
