namespace ClusterGateway.Gateway.Security;

/// <summary>The answer of a SubjectAccessReview.</summary>
/// <param name="Allowed"><c>status.allowed</c>.</param>
/// <param name="Reason"><c>status.reason</c> (may be empty); appended to the 403 message.</param>
internal sealed record AccessReviewResult(bool Allowed, string Reason);
