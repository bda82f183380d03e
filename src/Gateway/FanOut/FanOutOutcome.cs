namespace ClusterGateway.Gateway.FanOut;

/// <summary>How a fan-out request ended, for the access log and <c>cluster_gateway_fanout_requests_total</c>.</summary>
/// <param name="Answered">Clusters whose answer is in the response.</param>
/// <param name="Failed">Clusters missing from it.</param>
/// <param name="Result"><c>complete</c>, <c>partial</c>, <c>failed</c> or <c>refused</c> (the request itself was
/// rejected: 400, 405, a review that failed).</param>
internal sealed record FanOutOutcome(int Answered, int Failed, string Result)
{
    /// <summary>The request was rejected before any cluster was asked.</summary>
    public static FanOutOutcome Refused { get; } = new(0, 0, "refused");

    /// <summary>The outcome of answers and failures that were sent as a response.</summary>
    /// <param name="answered">Clusters in the response.</param>
    /// <param name="failed">Clusters missing.</param>
    /// <returns>complete, partial or failed.</returns>
    public static FanOutOutcome Of(int answered, int failed) =>
        new(answered, failed, failed == 0 ? "complete" : answered == 0 ? "failed" : "partial");
}
