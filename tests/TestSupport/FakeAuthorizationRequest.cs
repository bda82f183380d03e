namespace ClusterGateway.TestSupport;

/// <summary>
/// The attributes an authorizer decides on (like kube-apiserver's authorizer.Attributes). For non-resource
/// requests (discovery, /version) <see cref="IsResourceRequest"/> is false and <see cref="Verb"/> is the
/// lower-case HTTP method.
/// </summary>
public sealed record FakeAuthorizationRequest(
    FakeUser User,
    string Verb,
    bool IsResourceRequest,
    string ApiGroup,
    string ApiVersion,
    string Resource,
    string? Subresource,
    string? Namespace,
    string? Name,
    string Path);
