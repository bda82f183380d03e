using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport;

/// <summary>Checks every write does before touching the store (type, namespace, name), and dry-run detection.</summary>
internal static partial class RequestValidation
{
    public static bool DryRun(HttpContext context) =>
        context.Request.Query["dryRun"].Any(v => string.Equals(v, "All", StringComparison.Ordinal));

    public static void CheckTypeAndNamespace(FakeResource resource, string? ns, JsonObject body)
    {
        if (body["apiVersion"]?.GetValue<string>() is { Length: > 0 } apiVersion && apiVersion != resource.ApiVersion)
        {
            throw FakeApiException.BadRequest(
                $"the API version in the data ({apiVersion}) does not match the expected API version " +
                $"({resource.ApiVersion})");
        }

        if (body["kind"]?.GetValue<string>() is { Length: > 0 } kind && kind != resource.Kind)
        {
            throw FakeApiException.BadRequest(
                $"the kind in the data ({kind}) does not match the expected kind ({resource.Kind})");
        }

        if (resource.Namespaced && ObjectMeta.Namespace(body) is { Length: > 0 } bodyNs && bodyNs != ns)
        {
            throw FakeApiException.BadRequest(
                "the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    public static void ValidateName(FakeResource resource, string name)
    {
        // RBAC names are path segment names (k8s.io/apiserver path.IsValidPathSegmentName), e.g. system:auth-delegator.
        if (resource.Group == "rbac.authorization.k8s.io")
        {
            if (name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('%', StringComparison.Ordinal))
            {
                throw FakeApiException.Invalid(resource, name, "metadata.name",
                    $"Invalid value: \"{name}\": may not be '.' or '..' and may not contain '/' or '%'");
            }

            return;
        }

        if (name.Length > 253 || !DnsSubdomain().IsMatch(name))
        {
            throw FakeApiException.Invalid(resource, name, "metadata.name",
                $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case " +
                "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character " +
                "(e.g. 'example.com', regex used for validation is " +
                "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        }
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
