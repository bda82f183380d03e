namespace ClusterGateway.TestSupport;

/// <summary>What a request addresses (like kube-apiserver's RequestInfo).</summary>
internal sealed record ApiRequestInfo(
    bool IsResourceRequest,
    string Verb,
    string Group,
    string Version,
    string? Namespace,
    string Resource,
    string? Name,
    string? Subresource)
{
    public static ApiRequestInfo Parse(string method, string path, bool watch)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group;
        string version;
        int rest;
        if (parts.Length >= 2 && parts[0] == "api")
        {
            (group, version, rest) = (string.Empty, parts[1], 2);
        }
        else if (parts.Length >= 3 && parts[0] == "apis")
        {
            (group, version, rest) = (parts[1], parts[2], 3);
        }
        else
        {
            return NonResource(method);
        }

        var segments = parts[rest..];
        if (segments.Length == 0)
        {
            return NonResource(method) with { Group = group, Version = version };
        }

        string? ns = null;
        if (segments[0] == "namespaces" && segments.Length >= 3 &&
            !(segments.Length == 3 && segments[2] is "status" or "finalize"))
        {
            ns = segments[1];
            segments = segments[2..];
        }

        var resource = segments[0];
        var name = segments.Length > 1 ? segments[1] : null;
        var subresource = segments.Length > 2 ? string.Join('/', segments[2..]) : null;
        if (resource == "namespaces" && ns is null && name is not null)
        {
            ns = name;
        }

        var verb = method switch
        {
            "GET" or "HEAD" when watch => "watch",
            "GET" or "HEAD" => name is null ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name is null ? "deletecollection" : "delete",
            _ => method.ToLowerInvariant(),
        };
        return new ApiRequestInfo(true, verb, group, version, ns, resource, name, subresource);
    }

    private static ApiRequestInfo NonResource(string method) =>
        new(false, method.ToLowerInvariant(), string.Empty, string.Empty, null, string.Empty, null, null);
}
