using System.Globalization;
using ClusterGateway.Crds;

namespace ClusterGateway.Gateway.Health;

/// <summary>
/// The health precedence on OCM-merged clusters. A <em>probe result</em> is health written through the
/// <c>health</c> subresource (the addon-manager's <c>proxy/healthz</c> probe through this gateway, or an operator): the
/// Secret then carries <c>status.cluster.core.oam.dev/healthy-time</c>, the gateway's clock at the write. It is the
/// direct observation of reachability through the gateway, so it wins over the ManagedCluster's
/// <c>ManagedClusterConditionAvailable</c> condition while fresh, i.e. less than <c>--health-probe-freshness</c>
/// (default 90 s) away from now. The default is N = 3 times the addon-manager's default <c>--cluster-health-interval</c>
/// of 30 s: the addon-manager re-writes even an unchanged result once it is 1.5 intervals old, so a result stays fresh
/// through one late, missed or timed-out probe, and goes stale within three intervals of the prober stopping.
/// Without a fresh probe result the condition applies; without the condition, whatever the Secret says.
/// </summary>
internal static class ProbeFreshness
{
    // metav1.Time's RFC 3339 form (k8s.io/apimachinery/pkg/apis/meta/v1/time.go), plus fractional seconds on read.
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>The annotation value for <paramref name="time"/>: RFC 3339 UTC with whole seconds, e.g. <c>2026-01-02T15:04:05Z</c>.</summary>
    /// <param name="time">The write time.</param>
    /// <returns>The text.</returns>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>When the Secret's health was probed; <see langword="null"/> when it carries no (parsable) time.</summary>
    /// <param name="annotations">The Secret's annotations.</param>
    /// <returns>The time, or null: then the health annotations are no probe result.</returns>
    public static DateTimeOffset? ProbedAt(IReadOnlyDictionary<string, string>? annotations) =>
        annotations is not null && annotations.TryGetValue(SecretKeys.HealthyTimeAnnotation, out var text) &&
        text.Length <= 64 &&
        DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    /// <summary>
    /// How long a probe result stays fresh: positive while <paramref name="now"/> is less than
    /// <paramref name="freshness"/> away from <paramref name="probedAt"/> (either way, so a clock ahead of ours cannot
    /// make a result win for longer than twice the window); <see langword="null"/> when absent or stale.
    /// </summary>
    /// <param name="probedAt">The probe time, if any.</param>
    /// <param name="now">The current time.</param>
    /// <param name="freshness">The window (<c>--health-probe-freshness</c>); zero makes every result stale.</param>
    /// <returns>The time left, or null.</returns>
    public static TimeSpan? Remaining(DateTimeOffset? probedAt, DateTimeOffset now, TimeSpan freshness)
    {
        if (probedAt is not { } at || freshness <= TimeSpan.Zero || at - now >= freshness)
        {
            return null;
        }

        var left = at + freshness - now;
        return left > TimeSpan.Zero ? left : null;
    }
}
