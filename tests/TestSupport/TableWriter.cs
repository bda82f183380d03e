using System.Globalization;
using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>
/// meta.k8s.io/v1 Table output and <c>includeObject</c> None | Metadata (PartialObjectMetadata) | Object. Columns:
/// Name and Age (a human duration) by default, like built-ins here and CRDs without printer columns; for a CRD with
/// <c>additionalPrinterColumns</c>, Name and exactly those (<see cref="PrinterColumns"/>).
/// </summary>
internal static class TableWriter
{
    public static string ParseIncludeObject(string? value) => value switch
    {
        null or "" => "Metadata",
        "None" or "Metadata" or "Object" => value,
        _ => throw FakeApiException.BadRequest(
            $"Unable to convert to Table as requested: includeObject must be one of None, Metadata, Object"),
    };

    public static JsonObject ToTable(IEnumerable<JsonObject> objects, string includeObject, DateTimeOffset now,
        string? resourceVersion = null, string? continueToken = null, IReadOnlyList<PrinterColumn>? columns = null)
    {
        var metadata = new JsonObject();
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        if (!string.IsNullOrEmpty(continueToken))
        {
            metadata["continue"] = continueToken;
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = ColumnDefinitions(columns),
            ["rows"] = new JsonArray([.. objects.Select(o => (JsonNode)Row(o, includeObject, now, columns))]),
        };
    }

    /// <summary>An object's metadata as <c>PartialObjectMetadata</c>.</summary>
    public static JsonObject PartialObjectMetadata(JsonObject obj) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = obj["metadata"]?.DeepClone(),
    };

    /// <summary>Go's <c>duration.HumanDuration</c>.</summary>
    public static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return $"{seconds}s";
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            return seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s";
        }

        if (minutes < 60 * 3)
        {
            return $"{minutes}m";
        }

        var hours = minutes / 60;
        if (hours < 8)
        {
            return minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m";
        }

        if (hours < 48)
        {
            return $"{hours}h";
        }

        if (hours < 24 * 8)
        {
            return hours % 24 == 0 ? $"{hours / 24}d" : $"{hours / 24}d{hours % 24}h";
        }

        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24}d";
        }

        if (hours < 24 * 365 * 8)
        {
            var days = hours / 24 % 365;
            return days == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{days}d";
        }

        return $"{hours / 24 / 365}y";
    }

    private static JsonArray ColumnDefinitions(IReadOnlyList<PrinterColumn>? columns)
    {
        var definitions = new JsonArray(Column("Name", "string", "name",
            "Name must be unique within a namespace. Is required when creating resources, although some " +
            "resources may allow a client to request the generation of an appropriate name automatically. " +
            "Name is primarily intended for creation idempotence and configuration definition. Cannot be " +
            "updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"));
        if (columns is null)
        {
            definitions.Add(Column("Age", "date", string.Empty,
                "CreationTimestamp is a timestamp representing the server time when this object was created."));
            return definitions;
        }

        foreach (var c in columns)
        {
            var definition = Column(c.Name, c.Type, c.Format, c.Description);
            definition["priority"] = c.Priority;
            definitions.Add(definition);
        }

        return definitions;
    }

    private static JsonObject Column(string name, string type, string format, string description) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["format"] = format,
        ["description"] = description,
        ["priority"] = 0,
    };

    private static JsonObject Row(JsonObject obj, string includeObject, DateTimeOffset now,
        IReadOnlyList<PrinterColumn>? columns)
    {
        var row = columns is null
            ? new JsonObject { ["cells"] = new JsonArray(ObjectMeta.Name(obj), Age(obj, now)) }
            : new JsonObject
            {
                ["cells"] = new JsonArray([(JsonNode?)ObjectMeta.Name(obj), .. columns.Select(c => PrinterColumns.Cell(c, obj, now))]),
            };
        switch (includeObject)
        {
            case "Object":
                row["object"] = obj.DeepClone();
                break;
            case "Metadata":
                row["object"] = PartialObjectMetadata(obj);
                break;
        }

        return row;
    }

    private static string Age(JsonObject obj, DateTimeOffset now)
    {
        var created = ObjectMeta.GetString(obj, "creationTimestamp");
        var age = created is not null &&
            DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? HumanDuration(now - at)
                : "<unknown>";
        return age;
    }
}
