using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Apply;

/// <summary>How server-side apply merges a list (<c>x-kubernetes-list-type</c>).</summary>
internal enum ListKind
{
    /// <summary>Replaced whole; one owner (the default for lists without schema information).</summary>
    Atomic,

    /// <summary>Scalar items merged by value.</summary>
    Set,

    /// <summary>Object items merged by the values of <c>x-kubernetes-list-map-keys</c>.</summary>
    Map,
}

/// <summary>
/// The merge semantics of one position in an object, from the custom resource's <c>openAPIV3Schema</c>
/// (<c>x-kubernetes-list-type</c>, <c>x-kubernetes-list-map-keys</c>, <c>x-kubernetes-map-type</c>, key
/// <c>default</c>s) or, for built-in kinds and <c>metadata</c>, a table of the list keys the Kubernetes OpenAPI
/// declares (<c>x-kubernetes-list-map-keys</c> in api/openapi-spec). Anything unknown is an atomic list and a granular
/// map, as https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy describes.
/// </summary>
internal sealed class FieldType
{
    private const string TcpDefault = "TCP";

    private readonly string _kind;
    private readonly string _path;
    private readonly JsonObject? _schema;
    private readonly bool _fromSchema;

    private FieldType(string kind, string path, JsonObject? schema, bool fromSchema)
    {
        _kind = kind;
        _path = path;
        _schema = schema;
        _fromSchema = fromSchema;
    }

    /// <summary>The path of field names, list items as <c>[]</c>: <c>spec.template.spec.containers[].ports</c>.</summary>
    public string Path => _path;

    /// <summary>The root of an object of <paramref name="resource"/>.</summary>
    public static FieldType Root(FakeResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return new FieldType(resource.Kind, string.Empty, resource.Schema, resource.Schema is not null);
    }

    /// <summary>The type of field <paramref name="name"/> of this object.</summary>
    public FieldType Field(string name)
    {
        var path = _path.Length == 0 ? name : _path + "." + name;
        if (_path.Length == 0 && name == "metadata")
        {
            // Custom resource schemas leave ObjectMeta out; the apiserver merges in the built-in one.
            return new FieldType(_kind, path, null, fromSchema: false);
        }

        var child = _schema?["properties"]?[name] as JsonObject ?? _schema?["additionalProperties"] as JsonObject;
        return new FieldType(_kind, path, child, _fromSchema);
    }

    /// <summary>The type of this list's items.</summary>
    public FieldType Items() => new(_kind, _path + "[]", _schema?["items"] as JsonObject, _fromSchema);

    /// <summary>Whether <paramref name="name"/> is a declared field of this object (not a key of a map).</summary>
    public bool IsStructField(string name) =>
        !_fromSchema || _schema?["properties"]?[name] is not null || _schema?["additionalProperties"] is null;

    /// <summary>An object replaced whole (<c>x-kubernetes-map-type: atomic</c>, LabelSelector, OwnerReference).</summary>
    public bool AtomicMap => _fromSchema
        ? _schema?["x-kubernetes-map-type"]?.GetValue<string>() == "atomic"
        : _path is "spec.selector" or "metadata.ownerReferences[]" or "roleRef" ||
          _path.EndsWith(".labelSelector", StringComparison.Ordinal);

    public ListKind List => _fromSchema ? SchemaList().Kind : BuiltInList().Kind;

    public IReadOnlyList<string> Keys => _fromSchema ? SchemaList().Keys : BuiltInList().Keys;

    /// <summary>The value a missing key field takes (its schema <c>default</c>; protocol <c>TCP</c>), or null.</summary>
    public JsonNode? KeyDefault(string key) => _fromSchema
        ? _schema?["items"]?["properties"]?[key]?["default"]?.DeepClone()
        : key == "protocol" ? JsonValue.Create(TcpDefault) : null;

    private (ListKind Kind, IReadOnlyList<string> Keys) SchemaList()
    {
        var keys = (_schema?["x-kubernetes-list-map-keys"] as JsonArray)?.Select(k => k!.GetValue<string>()).ToArray()
                   ?? [];
        return _schema?["x-kubernetes-list-type"]?.GetValue<string>() switch
        {
            "map" when keys.Length > 0 => (ListKind.Map, keys),
            "set" => (ListKind.Set, []),
            _ => (ListKind.Atomic, []),
        };
    }

    // Keys as the Kubernetes OpenAPI declares them (k8s.io/api core/v1 types.go +listType/+listMapKey markers).
    private (ListKind Kind, IReadOnlyList<string> Keys) BuiltInList()
    {
        var segments = _path.Split('.');
        var last = segments[^1];
        var parent = segments.Length > 1 ? segments[^2] : string.Empty;
        return last switch
        {
            "ownerReferences" when _path == "metadata.ownerReferences" => (ListKind.Map, ["uid"]),
            "finalizers" when _path == "metadata.finalizers" => (ListKind.Set, []),
            "containers" or "initContainers" or "ephemeralContainers" => (ListKind.Map, ["name"]),
            "ports" when parent is "containers[]" or "initContainers[]" or "ephemeralContainers[]" =>
                (ListKind.Map, ["containerPort", "protocol"]),
            "ports" when _kind == "Service" && _path == "spec.ports" => (ListKind.Map, ["port", "protocol"]),
            "env" or "volumes" or "imagePullSecrets" or "resourceClaims" => (ListKind.Map, ["name"]),
            "volumeMounts" => (ListKind.Map, ["mountPath"]),
            "volumeDevices" => (ListKind.Map, ["devicePath"]),
            "conditions" => (ListKind.Map, ["type"]),
            "hostAliases" => (ListKind.Map, ["ip"]),
            "topologySpreadConstraints" => (ListKind.Map, ["topologyKey", "whenUnsatisfiable"]),
            _ => (ListKind.Atomic, []),
        };
    }
}
