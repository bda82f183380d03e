using ClusterGateway.Crds.Ocm;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.AddonManager.Health;

/// <summary>
/// What the addon-manager owns in a <c>cluster-gateway</c> ManagedClusterAddOn's status (upstream <c>health.go</c> and
/// <c>pkg/addon/agent/addon.go</c>): <c>healthCheck.mode = Customized</c> (the agent has no lease: upstream's
/// <c>HealthProber{Type: None}</c>) and the <c>Available</c> condition from the last probe. Every other status field and
/// condition belongs to someone else (OCM's addon-manager) and is kept.
/// </summary>
internal static class AddonHealthStatus
{
    /// <summary><c>status.healthCheck.mode</c> the addon-manager reports.</summary>
    public const string CustomizedMode = "Customized";

    /// <summary>The condition type.</summary>
    public const string AvailableCondition = "Available";

    /// <summary>Reason of Available=True (upstream).</summary>
    public const string ProbedReason = "SuccessfullyProbedHealthz";

    /// <summary>Message of Available=True (upstream).</summary>
    public const string ProbedMessage = "Returned OK";

    /// <summary>Reason of Available=False (upstream).</summary>
    public const string FailedReason = "FailedProbingHealthz";

    /// <summary>
    /// The conditions to write, or <see langword="null"/> when the status already says what
    /// <paramref name="result"/> says (no write).
    /// </summary>
    /// <param name="addon">The cached addon (not modified).</param>
    /// <param name="result">The probe outcome.</param>
    /// <param name="now">Transition time of a changed status.</param>
    /// <returns>A copy of the conditions with Available set, or null.</returns>
    public static List<Condition>? Desired(ManagedClusterAddOn addon, HealthProbeResult result, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(addon);
        ArgumentNullException.ThrowIfNull(result);
        var conditions = addon.Status?.Conditions?.Select(Copy).ToList() ?? [];
        var changed = Conditions.Set(conditions, Available(result, addon.Metadata.Generation), now);
        changed |= !string.Equals(addon.Status?.HealthCheck?.Mode, CustomizedMode, StringComparison.Ordinal);
        return changed ? conditions : null;
    }

    /// <summary>
    /// Whether <paramref name="addon"/>'s status is one this manager wrote (mode Customized and an Available condition
    /// with one of its reasons): a change to such a status is no reason to probe again.
    /// </summary>
    /// <param name="addon">The addon.</param>
    /// <returns>True when the status is ours.</returns>
    public static bool IsOwnStatus(ManagedClusterAddOn addon) =>
        string.Equals(addon.Status?.HealthCheck?.Mode, CustomizedMode, StringComparison.Ordinal) &&
        Conditions.Find(addon.Status?.Conditions, AvailableCondition)?.Reason is ProbedReason or FailedReason;

    private static Condition Available(HealthProbeResult result, long? generation) => new()
    {
        Type = AvailableCondition,
        Status = result.Healthy ? "True" : "False",
        Reason = result.Healthy ? ProbedReason : FailedReason,
        Message = result.Healthy ? ProbedMessage : result.Reason,
        ObservedGeneration = generation,
    };

    private static Condition Copy(Condition c) => new()
    {
        Type = c.Type,
        Status = c.Status,
        ObservedGeneration = c.ObservedGeneration,
        LastTransitionTime = c.LastTransitionTime,
        Reason = c.Reason,
        Message = c.Message,
    };
}
