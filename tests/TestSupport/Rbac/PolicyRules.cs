using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Rbac;

/// <summary>
/// Whether one PolicyRule allows a request: a port of <c>RuleAllows</c> (k8s.io/kubernetes/plugin/pkg/auth/authorizer/
/// rbac/rbac.go) and its helpers (k8s.io/kubernetes/pkg/apis/rbac/v1/evaluation_helpers.go).
/// </summary>
internal static class PolicyRules
{
    /// <summary>
    /// Resource requests: verb, apiGroup, resource (<c>resource/subresource</c>, <c>*</c>, <c>*/subresource</c>) and
    /// resourceName (a rule with resourceNames never matches a request without a name: list, watch, create).
    /// Non-resource requests: verb and nonResourceURL (exact, <c>*</c>, or a prefix ending in <c>*</c>).
    /// </summary>
    public static bool Allows(JsonObject rule, FakeAuthorizationRequest request)
    {
        if (!Contains(rule, "verbs", request.Verb, wildcard: true))
        {
            return false;
        }

        if (!request.IsResourceRequest)
        {
            return Strings(rule, "nonResourceURLs").Any(url => url == "*" || url == request.Path ||
                (url.EndsWith('*') && request.Path.StartsWith(url.TrimEnd('*'), StringComparison.Ordinal)));
        }

        var subresource = Subresource(request);
        var combined = subresource is null ? request.Resource : $"{request.Resource}/{subresource}";
        return Contains(rule, "apiGroups", request.ApiGroup, wildcard: true)
            && Strings(rule, "resources").Any(r => r == "*" || r == combined ||
                (subresource is not null && r == "*/" + subresource))
            && (Strings(rule, "resourceNames").ToList() is not { Count: > 0 } names || names.Contains(request.Name ?? string.Empty));
    }

    /// <summary>
    /// The subresource as kube-apiserver's RequestInfo names it: the one path segment after the name (the fake's request
    /// parser keeps the rest of a <c>proxy/...</c> path in it).
    /// </summary>
    public static string? Subresource(FakeAuthorizationRequest request) =>
        request.Subresource is { Length: > 0 } s ? s.Split('/')[0] : null;

    public static IEnumerable<string> Strings(JsonObject obj, string key) =>
        (obj[key] as JsonArray)?.Select(n => n?.GetValue<string>() ?? string.Empty) ?? [];

    private static bool Contains(JsonObject rule, string key, string value, bool wildcard) =>
        Strings(rule, key).Any(v => v == value || (wildcard && v == "*"));
}
