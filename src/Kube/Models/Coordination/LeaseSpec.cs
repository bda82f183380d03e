using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Kube.Models.Coordination;

/// <summary><c>LeaseSpec</c>: who holds the lease, for how long, since when. Times are <c>metav1.MicroTime</c>.</summary>
public sealed class LeaseSpec
{
    /// <summary>Identity of the holder; empty or absent when released.</summary>
    [JsonPropertyName("holderIdentity")]
    public string? HolderIdentity { get; set; }

    /// <summary>Seconds a candidate waits after the last observed renewal before taking over.</summary>
    [JsonPropertyName("leaseDurationSeconds")]
    public int? LeaseDurationSeconds { get; set; }

    /// <summary>When the current holder acquired the lease.</summary>
    [JsonPropertyName("acquireTime")]
    [JsonConverter(typeof(MicroTimeConverter))]
    public DateTimeOffset? AcquireTime { get; set; }

    /// <summary>When the current holder last renewed the lease.</summary>
    [JsonPropertyName("renewTime")]
    [JsonConverter(typeof(MicroTimeConverter))]
    public DateTimeOffset? RenewTime { get; set; }

    /// <summary>How many times the lease changed holders.</summary>
    [JsonPropertyName("leaseTransitions")]
    public int? LeaseTransitions { get; set; }

    /// <summary>Fields not modelled above (strategy, preferredHolder), kept for round trips.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
