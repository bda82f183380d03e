using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>An API error the fake answers with as a <c>metav1.Status</c> (also thrown by <see cref="FakeObjectStore"/>).</summary>
public sealed class FakeApiException : Exception
{
    public FakeApiException(int code, string reason, string message, JsonObject? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public FakeApiException()
        : this(500, "InternalError", "internal error")
    {
    }

    public FakeApiException(string message)
        : this(500, "InternalError", message)
    {
    }

    public FakeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = 500;
        Reason = "InternalError";
    }

    public int Code { get; }

    public string Reason { get; }

    public JsonObject? Details { get; }

    /// <summary>The <c>Status</c> object for this error.</summary>
    public JsonObject ToStatus() => KubeStatus.Failure(Code, Reason, Message, Details?.DeepClone().AsObject());

    public static FakeApiException NotFound(FakeResource resource, string name) =>
        new(404, "NotFound", $"{resource.QualifiedResource} \"{name}\" not found", DetailsFor(resource, name));

    public static FakeApiException AlreadyExists(FakeResource resource, string name) =>
        new(409, "AlreadyExists", $"{resource.QualifiedResource} \"{name}\" already exists", DetailsFor(resource, name));

    public static FakeApiException Conflict(FakeResource resource, string name, string? why = null) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {resource.QualifiedResource} \"{name}\": " +
            (why ?? "the object has been modified; please apply your changes to the latest version and try again"),
            DetailsFor(resource, name));

    public static FakeApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static FakeApiException Invalid(FakeResource resource, string name, string field, string detail) =>
        new(422, "Invalid", $"{resource.Kind} \"{name}\" is invalid: {field}: {detail}", DetailsFor(resource, name));

    /// <summary>
    /// apimachinery's <c>errors.NewInvalid</c> (k8s.io/apimachinery/pkg/api/errors/errors.go): the message is
    /// <c>Kind.group "name" is invalid: </c> and the errors (one, or several joined with ", " inside <c>[...]</c>,
    /// repeated messages once); details carry name, group, kind and one cause per error.
    /// </summary>
    internal static FakeApiException Invalid(FakeResource resource, string name, IReadOnlyList<Schema.FieldError> errors)
    {
        var qualifiedKind = resource.Group.Length == 0 ? resource.Kind : $"{resource.Kind}.{resource.Group}";
        var messages = errors.Select(e => e.ToString()).Distinct(StringComparer.Ordinal).ToList();
        var aggregate = messages.Count == 1 ? messages[0] : "[" + string.Join(", ", messages) + "]";
        var details = new JsonObject { ["name"] = name };
        if (resource.Group.Length > 0)
        {
            details["group"] = resource.Group;
        }

        details["kind"] = resource.Kind;
        details["causes"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject
        {
            ["reason"] = e.CauseType,
            ["message"] = e.Body,
            ["field"] = e.Field,
        })]);
        return new(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {aggregate}", details);
    }

    public static FakeApiException MethodNotAllowed(string method) =>
        new(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource");

    public static FakeApiException ResourceNotFound() =>
        new(404, "NotFound", "the server could not find the requested resource");

    public static FakeApiException Expired(string message) => new(410, "Expired", message);

    private static JsonObject DetailsFor(FakeResource resource, string name)
    {
        var details = new JsonObject { ["name"] = name };
        if (resource.Group.Length > 0)
        {
            details["group"] = resource.Group;
        }

        details["kind"] = resource.Plural;
        return details;
    }
}
