namespace ClusterGateway.Gateway.Security;

/// <summary>The answer of a TokenReview.</summary>
/// <param name="User">The user when <c>status.authenticated</c>, else <see langword="null"/>.</param>
/// <param name="Error"><c>status.error</c> when not authenticated (such answers are not cached, as in Go).</param>
internal sealed record TokenReviewResult(KubeUser? User, string? Error);
