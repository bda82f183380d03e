using System.Text;
using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>
/// Decodes the Kubernetes protobuf envelope (<c>k8s\0</c> + runtime.Unknown) for the few core/v1 kinds kubectl's
/// typed generators send (<c>kubectl create configmap|secret|namespace|serviceaccount</c>, <c>kubectl auth can-i</c>)
/// into JSON.
/// </summary>
internal static class KubeProtobuf
{
    private enum Kind
    {
        String,
        Bytes,
        Bool,
        Int,
        Time,
        MapStringString,
        MapStringBytes,
        Message,
    }

    private sealed record Field(string Name, Kind Kind, string? Message = null, bool Repeated = false);

    private static readonly Dictionary<string, Dictionary<int, Field>> Messages = new(StringComparer.Ordinal)
    {
        ["ObjectMeta"] = new()
        {
            [1] = new("name", Kind.String), [2] = new("generateName", Kind.String),
            [3] = new("namespace", Kind.String), [5] = new("uid", Kind.String),
            [6] = new("resourceVersion", Kind.String), [7] = new("generation", Kind.Int),
            [8] = new("creationTimestamp", Kind.Time), [9] = new("deletionTimestamp", Kind.Time),
            [10] = new("deletionGracePeriodSeconds", Kind.Int), [11] = new("labels", Kind.MapStringString),
            [12] = new("annotations", Kind.MapStringString),
            [13] = new("ownerReferences", Kind.Message, "OwnerReference", Repeated: true),
            [14] = new("finalizers", Kind.String, Repeated: true),
        },
        ["OwnerReference"] = new()
        {
            [1] = new("kind", Kind.String), [3] = new("name", Kind.String), [4] = new("uid", Kind.String),
            [5] = new("apiVersion", Kind.String), [6] = new("controller", Kind.Bool),
            [7] = new("blockOwnerDeletion", Kind.Bool),
        },
        ["ObjectReference"] = new()
        {
            [1] = new("kind", Kind.String), [2] = new("namespace", Kind.String), [3] = new("name", Kind.String),
            [4] = new("uid", Kind.String), [5] = new("apiVersion", Kind.String),
            [6] = new("resourceVersion", Kind.String), [7] = new("fieldPath", Kind.String),
        },
        ["LocalObjectReference"] = new() { [1] = new("name", Kind.String) },
        ["ConfigMap"] = new()
        {
            [1] = new("metadata", Kind.Message, "ObjectMeta"), [2] = new("data", Kind.MapStringString),
            [3] = new("binaryData", Kind.MapStringBytes), [4] = new("immutable", Kind.Bool),
        },
        ["Secret"] = new()
        {
            [1] = new("metadata", Kind.Message, "ObjectMeta"), [2] = new("data", Kind.MapStringBytes),
            [3] = new("type", Kind.String), [4] = new("stringData", Kind.MapStringString),
            [5] = new("immutable", Kind.Bool),
        },
        ["Namespace"] = new()
        {
            [1] = new("metadata", Kind.Message, "ObjectMeta"), [2] = new("spec", Kind.Message, "NamespaceSpec"),
        },
        ["NamespaceSpec"] = new() { [1] = new("finalizers", Kind.String, Repeated: true) },
        // authorization.k8s.io/v1 (k8s.io/api/authorization/v1/generated.proto), for kubectl auth can-i.
        ["SelfSubjectAccessReview"] = new()
        {
            [1] = new("metadata", Kind.Message, "ObjectMeta"), [2] = new("spec", Kind.Message, "SelfSubjectAccessReviewSpec"),
        },
        ["SelfSubjectAccessReviewSpec"] = new()
        {
            [1] = new("resourceAttributes", Kind.Message, "ResourceAttributes"),
            [2] = new("nonResourceAttributes", Kind.Message, "NonResourceAttributes"),
        },
        ["ResourceAttributes"] = new()
        {
            [1] = new("namespace", Kind.String), [2] = new("verb", Kind.String), [3] = new("group", Kind.String),
            [4] = new("version", Kind.String), [5] = new("resource", Kind.String), [6] = new("subresource", Kind.String),
            [7] = new("name", Kind.String),
        },
        ["NonResourceAttributes"] = new() { [1] = new("path", Kind.String), [2] = new("verb", Kind.String) },
        ["ServiceAccount"] = new()
        {
            [1] = new("metadata", Kind.Message, "ObjectMeta"),
            [2] = new("secrets", Kind.Message, "ObjectReference", Repeated: true),
            [3] = new("imagePullSecrets", Kind.Message, "LocalObjectReference", Repeated: true),
            [4] = new("automountServiceAccountToken", Kind.Bool),
        },
    };

    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>Decodes a protobuf request body into a JSON object (415 for kinds it does not know).</summary>
    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw Unsupported("the protobuf envelope is missing");
        }

        var envelope = new ProtobufReader(body[Magic.Length..]);
        string? apiVersion = null;
        string? kind = null;
        byte[] raw = [];
        while (!envelope.End)
        {
            var (field, wire) = envelope.ReadTag();
            if (field == 1 && wire == 2)
            {
                var typeMeta = new ProtobufReader(envelope.ReadBytes());
                while (!typeMeta.End)
                {
                    var (f, w) = typeMeta.ReadTag();
                    if (w == 2 && f is 1 or 2)
                    {
                        var text = Encoding.UTF8.GetString(typeMeta.ReadBytes());
                        (apiVersion, kind) = f == 1 ? (text, kind) : (apiVersion, text);
                    }
                    else
                    {
                        typeMeta.Skip(w);
                    }
                }
            }
            else if (field == 2 && wire == 2)
            {
                raw = envelope.ReadBytes().ToArray();
            }
            else
            {
                envelope.Skip(wire);
            }
        }

        if ((apiVersion, kind) is not ("v1", _) and not ("authorization.k8s.io/v1", "SelfSubjectAccessReview") || kind is null || !Messages.ContainsKey(kind) || kind.EndsWith("Spec", StringComparison.Ordinal))
        {
            throw Unsupported($"the fake API server cannot decode protobuf for {apiVersion}, Kind={kind}");
        }

        var obj = ReadMessage(raw, kind);
        var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        foreach (var (key, value) in obj.ToList())
        {
            obj.Remove(key);
            result[key] = value;
        }

        return result;
    }

    private static JsonObject ReadMessage(ReadOnlySpan<byte> data, string type)
    {
        var schema = Messages[type];
        var obj = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.End)
        {
            var (number, wire) = reader.ReadTag();
            if (!schema.TryGetValue(number, out var field))
            {
                reader.Skip(wire);
                continue;
            }

            JsonNode? value = field.Kind switch
            {
                Kind.String => Encoding.UTF8.GetString(reader.ReadBytes()),
                Kind.Bytes => Convert.ToBase64String(reader.ReadBytes()),
                Kind.Bool => reader.ReadVarint() != 0,
                Kind.Int => (long)reader.ReadVarint(),
                Kind.Time => ReadTime(reader.ReadBytes()),
                Kind.Message => ReadMessage(reader.ReadBytes(), field.Message!),
                _ => null,
            };
            if (field.Kind is Kind.MapStringString or Kind.MapStringBytes)
            {
                var map = obj[field.Name] as JsonObject ?? [];
                obj[field.Name] = map;
                var (key, entry) = ReadMapEntry(reader.ReadBytes(), field.Kind == Kind.MapStringBytes);
                map[key] = entry;
                continue;
            }

            if (field.Repeated)
            {
                var list = obj[field.Name] as JsonArray ?? [];
                obj[field.Name] = list;
                list.Add(value);
            }
            else if (value is not null && !(value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0) &&
                     !(field.Name == "generation" && value.GetValue<long>() == 0))
            {
                obj[field.Name] = value;
            }
        }

        return obj;
    }

    private static (string Key, string Value) ReadMapEntry(ReadOnlySpan<byte> data, bool bytes)
    {
        var reader = new ProtobufReader(data);
        var key = string.Empty;
        var value = string.Empty;
        while (!reader.End)
        {
            var (number, wire) = reader.ReadTag();
            if (wire != 2)
            {
                reader.Skip(wire);
                continue;
            }

            var content = reader.ReadBytes();
            if (number == 1)
            {
                key = Encoding.UTF8.GetString(content);
            }
            else if (number == 2)
            {
                value = bytes ? Convert.ToBase64String(content) : Encoding.UTF8.GetString(content);
            }
        }

        return (key, value);
    }

    private static JsonNode? ReadTime(ReadOnlySpan<byte> data)
    {
        var reader = new ProtobufReader(data);
        long seconds = 0;
        while (!reader.End)
        {
            var (number, wire) = reader.ReadTag();
            if (number == 1 && wire == 0)
            {
                seconds = (long)reader.ReadVarint();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return seconds == 0 ? null : ObjectMeta.Timestamp(DateTimeOffset.FromUnixTimeSeconds(seconds));
    }

    private static FakeApiException Unsupported(string message) => new(415, "UnsupportedMediaType", message);
}
