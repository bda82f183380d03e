using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>
/// Reads the answer of an <c>ExternalIdentityExchanger</c> service: a JSON object shaped like a rule's
/// <c>target</c>, plus extras: <c>{"user": "alice@prod", "groups": ["dev"], "uid": "42", "extra": {"scopes": ["a"]}}</c>.
/// <c>user</c> is required; other fields are optional; unknown fields are ignored; no value may contain control
/// characters (they become headers).
/// </summary>
internal static class ExternalIdentityAnswer
{
    /// <summary>Parses an answer body.</summary>
    /// <param name="body">The response body.</param>
    /// <returns>The identity to impersonate.</returns>
    /// <exception cref="FormatException">Not such an object; the message says what is wrong.</exception>
    public static ImpersonatedIdentity Parse(string body)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw new FormatException($"the answer is not JSON: {e.Message}", e);
        }

        if (node is not JsonObject answer)
        {
            throw new FormatException("the answer is not a JSON object");
        }

        var errors = new List<string>();
        var fields = new ConfigObject(answer, "", "", errors);
        var user = fields.String("user");
        var uid = fields.String("uid");
        var groups = fields.Strings("groups") ?? [];
        var extra = Extra(answer["extra"], errors);
        if (string.IsNullOrEmpty(user) && errors.Count == 0)
        {
            errors.Add("user: is required");
        }

        var values = groups.Concat(extra.SelectMany(e => e.Value.Append(e.Key))).Append(user ?? "").Append(uid ?? "");
        if (values.Any(v => v.Any(char.IsControl)))
        {
            errors.Add("values must not contain control characters");
        }

        return errors.Count == 0
            ? new ImpersonatedIdentity(user!, string.IsNullOrEmpty(uid) ? null : uid, groups, extra)
            : throw new FormatException("the answer is invalid: " + string.Join("; ", errors));
    }

    private static Dictionary<string, IReadOnlyList<string>> Extra(JsonNode? node, List<string> errors)
    {
        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (node is null)
        {
            return extra;
        }

        if (node is not JsonObject map)
        {
            errors.Add("extra: must be an object of string lists");
            return extra;
        }

        foreach (var (key, value) in map)
        {
            if (value is JsonArray list && list.All(v => v is JsonValue s && s.GetValueKind() == JsonValueKind.String))
            {
                extra[key] = [.. list.Select(v => v!.GetValue<string>())];
            }
            else
            {
                errors.Add($"extra.{key}: must be a list of strings");
            }
        }

        return extra;
    }
}
