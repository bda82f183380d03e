namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// Builds <see cref="RequestInfo"/>: a port of <c>RequestInfoFactory.NewRequestInfo</c> from k8s.io/apiserver
/// pkg/endpoints/request/requestinfo.go (API prefixes <c>api</c>, <c>apis</c>; groupless prefix <c>api</c>).
/// </summary>
/// <remarks>
/// 1. Fewer than three path segments, or an unknown prefix, or <c>/apis</c> with fewer than four segments: a
///    non-resource request with the lower-case method as verb.
/// 2. Otherwise prefix, group (not for <c>/api</c>) and version are taken; a leading <c>proxy</c> or <c>watch</c>
///    segment is the verb (deprecated path verbs), else the method maps POST→create, GET/HEAD→get, PUT→update,
///    PATCH→patch, DELETE→delete, anything else→empty.
/// 3. <c>namespaces/{ns}/...</c> sets the namespace and skips both segments unless the third is a namespace
///    subresource (<c>status</c>, <c>finalize</c>); a PATCH of <c>namespaces/{ns}</c> itself (server-side apply of a
///    new namespace) sets no namespace.
/// 4. The remaining parts are <c>{resource}/{name}/{subresource}</c> (no subresource for the <c>proxy</c> verb).
/// 5. <c>get</c> without a name becomes <c>watch</c> when the first <c>watch</c> query value is anything but
///    <c>0</c>/<c>false</c> (case-insensitive), else <c>list</c>; a <c>metadata.name</c> field selector then
///    supplies the name. <c>delete</c> without a name becomes <c>deletecollection</c>.
/// </remarks>
internal sealed class RequestInfoParser
{
    private static readonly HashSet<string> SpecialVerbs = new(["proxy", "watch"], StringComparer.Ordinal);
    private static readonly HashSet<string> SpecialVerbsNoSubresources = new(["proxy"], StringComparer.Ordinal);
    private static readonly HashSet<string> NamespaceSubresources = new(["status", "finalize"], StringComparer.Ordinal);

    // Groups, versions, resources and subresources the gateway sees on every request, shared rather than allocated.
    private static readonly HashSet<string> KnownSegments = new(
    [
        "cluster.core.oam.dev", "v1alpha1", "v1", "v1beta1", "v2", "clustergateways", "proxy", "health", "status",
        "pods", "configmaps", "secrets", "services", "namespaces", "nodes", "deployments", "apps", "log", "exec",
        "attach", "portforward", "events", "endpoints", "serviceaccounts", "token",
    ], StringComparer.Ordinal);

    // prefix, group, version, path verb, namespaces, {ns}, resource, name, subresource, and the remainder.
    private const int MaxSegments = 10;

    private readonly HashSet<string> _apiPrefixes;
    private readonly HashSet<string> _grouplessApiPrefixes;

    /// <summary>Creates a parser.</summary>
    /// <param name="apiPrefixes">Path prefixes of resource requests, without slashes.</param>
    /// <param name="grouplessApiPrefixes">Prefixes not followed by a group (the core group's <c>api</c>).</param>
    public RequestInfoParser(IEnumerable<string> apiPrefixes, IEnumerable<string> grouplessApiPrefixes)
    {
        _apiPrefixes = new HashSet<string>(apiPrefixes, StringComparer.Ordinal);
        _grouplessApiPrefixes = new HashSet<string>(grouplessApiPrefixes, StringComparer.Ordinal);
    }

    /// <summary>The Kubernetes parser: prefixes <c>api</c> and <c>apis</c>, <c>api</c> groupless.</summary>
    public static RequestInfoParser Default { get; } = new(["api", "apis"], ["api"]);

    /// <summary>Parses a request given its raw query string.</summary>
    /// <param name="method">HTTP method, e.g. <c>GET</c>.</param>
    /// <param name="path">Decoded URL path, e.g. <c>/api/v1/namespaces/default/pods</c>.</param>
    /// <param name="queryString">Query with or without the leading <c>?</c>; may be null or empty.</param>
    /// <returns>The request info.</returns>
    /// <exception cref="FormatException">A path verb (<c>/api/v1/watch</c>) without a resource.</exception>
    public RequestInfo Parse(string method, string path, string? queryString) =>
        Parse(method, path, new QueryValues(null, queryString ?? ""));

    /// <summary>Parses a request.</summary>
    /// <param name="method">HTTP method, e.g. <c>GET</c>.</param>
    /// <param name="path">Decoded URL path.</param>
    /// <param name="query">Query parameters (<c>watch</c> and <c>fieldSelector</c> are read).</param>
    /// <returns>The request info.</returns>
    /// <exception cref="FormatException">A path verb (<c>/api/v1/watch</c>) without a resource, worded like Go:
    /// <c>unable to determine kind and namespace from url, {path}</c>.</exception>
    public RequestInfo Parse(string method, string path, IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Parse(method, path, new QueryValues(query, null));
    }

    private RequestInfo Parse(string method, string path, QueryValues query)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);

        // :: Step 1. The segments as ranges of the path: only the few that become fields are made strings (the
        // segments after a subresource, e.g. a proxied sub-path, never are).
        var trimmedStart = 0;
        var trimmedEnd = path.Length;
        while (trimmedStart < trimmedEnd && path[trimmedStart] == '/')
        {
            trimmedStart++;
        }

        while (trimmedEnd > trimmedStart && path[trimmedEnd - 1] == '/')
        {
            trimmedEnd--;
        }

        var trimmed = path.AsSpan(trimmedStart, trimmedEnd - trimmedStart);
        Span<Range> parts = stackalloc Range[MaxSegments];
        var count = trimmed.IsEmpty ? 0 : trimmed.Split(parts, '/');
        parts = parts[..count];
        if (count < 3 || !_apiPrefixes.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(trimmed[parts[0]], out var prefix))
        {
            return NonResource(method, path);
        }

        // :: Step 2
        var rest = parts[1..];
        var group = "";
        if (!_grouplessApiPrefixes.Contains(prefix))
        {
            if (rest.Length < 3)
            {
                return NonResource(method, path);
            }

            group = Text(trimmed[rest[0]]);
            rest = rest[1..];
        }

        var version = Text(trimmed[rest[0]]);
        rest = rest[1..];
        string verb;
        if (SpecialVerbs.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(trimmed[rest[0]], out var pathVerb))
        {
            if (rest.Length < 2)
            {
                throw new FormatException($"unable to determine kind and namespace from url, {path}");
            }

            verb = pathVerb;
            rest = rest[1..];
        }
        else
        {
            verb = VerbOf(method);
        }

        // :: Step 3
        var @namespace = "";
        if (trimmed[rest[0]] is "namespaces" && rest.Length == 2 && verb == "patch")
        {
            // Server-side apply creates a namespace with PATCH /namespaces/{name}: not a request in that namespace.
        }
        else if (trimmed[rest[0]] is "namespaces" && rest.Length > 1)
        {
            @namespace = trimmed[rest[1]].ToString();
            if (rest.Length > 2 && !NamespaceSubresources.GetAlternateLookup<ReadOnlySpan<char>>().Contains(trimmed[rest[2]]))
            {
                rest = rest[2..];
            }
        }

        // :: Step 4. (A last range holding the unsplit remainder only ever lies past the subresource.)
        var subresource = rest.Length >= 3 && !SpecialVerbsNoSubresources.Contains(verb) ? Text(SegmentAt(trimmed, rest, 2)) : "";
        var name = rest.Length >= 2 ? SegmentAt(trimmed, rest, 1).ToString() : "";
        var resource = Text(SegmentAt(trimmed, rest, 0));

        // :: Step 5
        if (name.Length == 0 && verb == "get")
        {
            verb = IsWatch(query) ? "watch" : "list";
            if (query.First("fieldSelector") is { } selector &&
                RequestInfoFieldSelector.TryGetExactMatch(selector, "metadata.name", out var selected) &&
                IsValidPathSegmentName(selected))
            {
                name = selected;
            }
        }

        if (name.Length == 0 && verb == "delete")
        {
            verb = "deletecollection";
        }

        var partsStart = trimmedStart + rest[0].Start.GetOffset(trimmed.Length);
        return new RequestInfo
        {
            IsResourceRequest = true, Path = path, Verb = verb, ApiPrefix = prefix, ApiGroup = group,
            ApiVersion = version, Namespace = @namespace, Resource = resource, Subresource = subresource, Name = name,
            PartsText = (partsStart, trimmedEnd - partsStart),
        };
    }

    private static RequestInfo NonResource(string method, string path) =>
        new() { IsResourceRequest = false, Path = path, Verb = LowerMethod(method) };

    // Segment i of rest; the last range of a full split holds the unsplit remainder, so cut it at its first '/'.
    private static ReadOnlySpan<char> SegmentAt(ReadOnlySpan<char> trimmed, ReadOnlySpan<Range> rest, int i)
    {
        var segment = trimmed[rest[i]];
        var slash = segment.IndexOf('/');
        return slash < 0 ? segment : segment[..slash];
    }

    // The usual names as shared instances; anything else as a new string.
    private static string Text(ReadOnlySpan<char> segment) =>
        KnownSegments.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(segment, out var known) ? known : segment.ToString();

    // Methods are case-sensitive tokens (RFC 9110), as in Go.
    private static string VerbOf(string method) => method switch
    {
        "POST" => "create",
        "GET" or "HEAD" => "get",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => "delete",
        _ => "",
    };

    // The non-resource verb; the usual methods without allocating.
    private static string LowerMethod(string method) => method switch
    {
        "GET" => "get",
        "HEAD" => "head",
        "POST" => "post",
        "PUT" => "put",
        "PATCH" => "patch",
        "DELETE" => "delete",
        "OPTIONS" => "options",
        _ => method.ToLowerInvariant(),
    };

    // apimachinery runtime Convert_Slice_string_To_bool: only absence, "0" and "false" are false.
    private static bool IsWatch(QueryValues query) =>
        query.First("watch") is { } value &&
        !(value is "0" || string.Equals(value, "false", StringComparison.OrdinalIgnoreCase));

    // apimachinery api/validation/path IsValidPathSegmentName.
    private static bool IsValidPathSegmentName(string name) =>
        name is not ("." or "..") && !name.Contains('/', StringComparison.Ordinal) &&
        !name.Contains('%', StringComparison.Ordinal);

}
