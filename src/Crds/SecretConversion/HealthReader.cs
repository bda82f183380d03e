using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.Crds.SecretConversion;

/// <summary>
/// Builds <c>status</c> from the annotations <c>status.cluster.core.oam.dev/healthy</c> (Go <c>strconv.ParseBool</c>)
/// and <c>status.cluster.core.oam.dev/healthy-reason</c> (verbatim).
/// </summary>
internal static class HealthReader
{
    /// <summary>Prefix of upstream's "unknown" health reasons (<c>HealthyReasonTypeUnknown</c>).</summary>
    public const string UnknownReasonPrefix = "Unknown: ";

    /// <summary>
    /// The status. Unlike upstream (which failed the whole conversion), an unparsable <c>healthy</c> value leaves the
    /// cluster usable: <c>healthy=false</c>, reason <c>Unknown: invalid healthy annotation "..."</c>.
    /// </summary>
    public static ClusterGatewayStatus Read(IReadOnlyDictionary<string, string>? annotations, bool readHealth)
    {
        var status = new ClusterGatewayStatus();
        if (!readHealth || annotations is null)
        {
            return status;
        }

        annotations.TryGetValue(SecretKeys.HealthyReasonAnnotation, out var reason);
        status.HealthyReason = string.IsNullOrEmpty(reason) ? null : reason;
        if (annotations.TryGetValue(SecretKeys.HealthyAnnotation, out var healthy))
        {
            if (GoBool.TryParse(healthy, out var value))
            {
                status.Healthy = value;
            }
            else
            {
                status.HealthyReason = $"{UnknownReasonPrefix}invalid healthy annotation \"{healthy}\"";
            }
        }

        return status;
    }
}
