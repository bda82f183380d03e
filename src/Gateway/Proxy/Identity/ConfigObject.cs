using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>
/// Strict reading of one object of a <c>ClusterGatewayProxyConfiguration</c>: unknown fields and wrong types are
/// errors (a typo such as <c>userPatern</c> would otherwise widen a rule to every caller). A JSON <c>null</c> counts as
/// absent, as Go's <c>omitempty</c> pointers do. Problems are collected as <c>{where}: {field}: {problem}</c>.
/// </summary>
/// <param name="node">The object.</param>
/// <param name="where">Prefix of its messages, e.g. <c>rule "r" (spec.clientIdentityExchanger.rules[0])</c>; may be empty.</param>
/// <param name="fieldPrefix">Prefix of field names, e.g. <c>source.</c>.</param>
/// <param name="errors">Where problems go.</param>
internal sealed class ConfigObject(JsonObject node, string where, string fieldPrefix, List<string> errors)
{
    /// <summary>Records a problem with a field.</summary>
    /// <param name="field">Field name (without the prefix); empty for the object itself.</param>
    /// <param name="problem">What is wrong.</param>
    public void Error(string field, string problem)
    {
        var path = fieldPrefix + field;
        var location = (where.Length, path.Length) switch
        {
            (0, _) => path,
            (_, 0) => where,
            _ => $"{where}: {path}",
        };
        errors.Add(location.Length == 0 ? problem : $"{location}: {problem}");
    }

    /// <summary>Records every field not in <paramref name="known"/>.</summary>
    /// <param name="known">The allowed field names.</param>
    public void AllowOnly(params string[] known)
    {
        foreach (var (name, _) in node)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                Error(name, $"unknown field (known: {string.Join(", ", known)})");
            }
        }
    }

    /// <summary>Whether a field is present and not null.</summary>
    /// <param name="name">Field name.</param>
    /// <returns><see langword="true"/> when set.</returns>
    public bool Has(string name) => node[name] is not null;

    /// <summary>A string field.</summary>
    /// <param name="name">Field name.</param>
    /// <returns>The value; <see langword="null"/> when absent or not a string (recorded).</returns>
    public string? String(string name)
    {
        switch (node[name])
        {
            case null:
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return value.GetValue<string>();
            default:
                Error(name, $"must be a string (quote it), not {node[name]!.ToJsonString()}");
                return null;
        }
    }

    /// <summary>A list of strings.</summary>
    /// <param name="name">Field name.</param>
    /// <returns>The values; empty when absent; <see langword="null"/> when malformed (recorded).</returns>
    public IReadOnlyList<string>? Strings(string name)
    {
        if (node[name] is null)
        {
            return [];
        }

        if (node[name] is JsonArray array &&
            array.All(v => v is JsonValue s && s.GetValueKind() == JsonValueKind.String))
        {
            return [.. array.Select(v => v!.GetValue<string>())];
        }

        Error(name, "must be a list of strings");
        return null;
    }

    /// <summary>A nested object.</summary>
    /// <param name="name">Field name.</param>
    /// <returns>The reader; <see langword="null"/> when absent or not an object (recorded).</returns>
    public ConfigObject? Object(string name)
    {
        switch (node[name])
        {
            case null:
                return null;
            case JsonObject child:
                return new ConfigObject(child, where, $"{fieldPrefix}{name}.", errors);
            default:
                Error(name, "must be an object");
                return null;
        }
    }

    /// <summary>A nested list of objects.</summary>
    /// <param name="name">Field name.</param>
    /// <returns>The objects (non-objects recorded and skipped); empty when absent.</returns>
    public IReadOnlyList<JsonObject> Objects(string name)
    {
        switch (node[name])
        {
            case null:
                return [];
            case JsonArray array:
                var result = new List<JsonObject>();
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonObject item)
                    {
                        result.Add(item);
                    }
                    else
                    {
                        Error($"{name}[{i}]", "must be an object");
                    }
                }

                return result;
            default:
                Error(name, "must be a list");
                return [];
        }
    }
}
