namespace ClusterGateway.Kube.Models;

/// <summary>
/// Helpers for <c>status.conditions</c> lists, following apimachinery <c>meta.SetStatusCondition</c>
/// (k8s.io/apimachinery/pkg/api/meta/conditions.go): one entry per type; <c>lastTransitionTime</c> moves only when the
/// status changes.
/// </summary>
public static class Conditions
{
    /// <summary>Finds the condition of <paramref name="type"/>.</summary>
    /// <param name="conditions">The list, may be null.</param>
    /// <param name="type">The condition type, e.g. <c>Available</c>.</param>
    /// <returns>The condition, or null.</returns>
    public static Condition? Find(IEnumerable<Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.Ordinal));

    /// <summary>
    /// Adds or updates a condition in place. Status, reason, message and observed generation are copied; the
    /// transition time is <paramref name="now"/> when the condition is new or its status changed, else kept.
    /// </summary>
    /// <param name="conditions">The list to change.</param>
    /// <param name="condition">The wanted condition (its <see cref="Condition.LastTransitionTime"/> is ignored).</param>
    /// <param name="now">The current time (second precision on the wire).</param>
    /// <returns>Whether anything but the transition time changed, i.e. whether a status write is needed.</returns>
    public static bool Set(List<Condition> conditions, Condition condition, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(condition);
        var existing = Find(conditions, condition.Type);
        var truncated = new DateTimeOffset(now.UtcDateTime.Ticks - (now.UtcDateTime.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        if (existing is null)
        {
            conditions.Add(new Condition
            {
                Type = condition.Type,
                Status = condition.Status,
                Reason = condition.Reason,
                Message = condition.Message,
                ObservedGeneration = condition.ObservedGeneration,
                LastTransitionTime = truncated,
            });
            return true;
        }

        var changed = false;
        if (!string.Equals(existing.Status, condition.Status, StringComparison.Ordinal))
        {
            existing.Status = condition.Status;
            existing.LastTransitionTime = truncated;
            changed = true;
        }

        changed |= !string.Equals(existing.Reason, condition.Reason, StringComparison.Ordinal)
            || !string.Equals(existing.Message, condition.Message, StringComparison.Ordinal)
            || existing.ObservedGeneration != condition.ObservedGeneration;
        existing.Reason = condition.Reason;
        existing.Message = condition.Message;
        existing.ObservedGeneration = condition.ObservedGeneration;
        return changed;
    }

    /// <summary>Whether the condition of <paramref name="type"/> has status <c>True</c>.</summary>
    /// <param name="conditions">The list, may be null.</param>
    /// <param name="type">The condition type.</param>
    /// <returns>True only for an existing condition with status <c>True</c>.</returns>
    public static bool IsTrue(IEnumerable<Condition>? conditions, string type) =>
        string.Equals(Find(conditions, type)?.Status, "True", StringComparison.Ordinal);
}
