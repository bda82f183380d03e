namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// Chooses between aggregated (v2, v2beta1) and legacy discovery for <c>/api</c> and <c>/apis</c> from the Accept
/// ranges in preference order: the first range that is
/// <c>application/json;g=apidiscovery.k8s.io;v=v2|v2beta1;as=APIGroupDiscoveryList</c> (other parameters such as
/// <c>profile=nopeer</c> ignored) picks that version; a plain <c>application/json</c>, <c>application/*</c> or
/// <c>*/*</c> range picks legacy. Nothing usable also picks legacy: discovery never answers 406, and clients
/// (client-go, the aggregator) fall back to legacy by the response's Content-Type.
/// </summary>
internal static class DiscoveryNegotiation
{
    /// <summary>The aggregated version to serve (<c>v2</c>, <c>v2beta1</c>), or null for legacy discovery.</summary>
    /// <param name="accept">The Accept header values.</param>
    /// <returns>The version or null.</returns>
    public static string? AggregatedVersion(IEnumerable<string?> accept)
    {
        foreach (var range in MediaRange.ParseAccept(accept, out _))
        {
            if (range.IsJson && range.Parameter("g") == AggregatedDiscovery.Group &&
                range.Parameter("as") == "APIGroupDiscoveryList" && range.Parameter("v") is "v2" or "v2beta1")
            {
                return range.Parameter("v");
            }

            if (range.MatchesJson && range.Parameter("as") is null)
            {
                return null;
            }
        }

        return null;
    }
}
