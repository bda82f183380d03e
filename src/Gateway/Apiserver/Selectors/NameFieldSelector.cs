namespace ClusterGateway.Gateway.Apiserver.Selectors;

/// <summary>
/// The <c>fieldSelector</c> of a <c>clustergateways</c> list: comma-separated (AND) requirements on the only field a
/// cluster-scoped resource supports by default, <c>metadata.name</c>, with <c>=</c>, <c>==</c> or <c>!=</c>
/// (https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/).
/// </summary>
internal sealed class NameFieldSelector
{
    private const string NameField = "metadata.name";

    private readonly List<(string Value, bool Equal)> _requirements = [];

    private NameFieldSelector()
    {
    }

    /// <summary>Parses <paramref name="selector"/>; on failure returns null and the kube-apiserver style message.</summary>
    public static NameFieldSelector? Parse(string? selector, out string? error)
    {
        error = null;
        var result = new NameFieldSelector();
        foreach (var term in (selector ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var notEqual = term.IndexOf("!=", StringComparison.Ordinal);
            var equals = term.IndexOf('=', StringComparison.Ordinal);
            var operatorAt = notEqual > 0 ? notEqual : equals;
            if (operatorAt <= 0)
            {
                error = $"invalid selector: '{selector}'; can't understand '{term}'";
                return null;
            }

            var field = term[..operatorAt];
            var value = term[(operatorAt + (notEqual > 0 ? 2 : 1))..].TrimStart('=');
            var equal = notEqual <= 0;
            if (field.Trim() != NameField)
            {
                error = $"field label not supported: {field.Trim()}";
                return null;
            }

            result._requirements.Add((value.Trim(), equal));
        }

        return result;
    }

    /// <summary>Whether a cluster named <paramref name="name"/> satisfies every requirement.</summary>
    public bool Matches(string? name) =>
        _requirements.All(requirement => string.Equals(name, requirement.Value, StringComparison.Ordinal) == requirement.Equal);
}
