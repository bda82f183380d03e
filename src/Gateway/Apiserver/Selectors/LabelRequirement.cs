using System.Globalization;

namespace ClusterGateway.Gateway.Apiserver.Selectors;

/// <summary>One requirement of a label selector (apimachinery <c>pkg/labels/selector.go</c> <c>Requirement.Matches</c>).</summary>
/// <param name="Key">The label key.</param>
/// <param name="Operator">The operator.</param>
/// <param name="Values">Values: one for equality and comparisons, a set for in/notin, none for (not) exists.</param>
internal sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlyList<string> Values)
{
    /// <summary>Whether <paramref name="labels"/> satisfy the requirement.</summary>
    /// <param name="labels">An object's labels (null: none).</param>
    /// <returns>True when satisfied.</returns>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        string? value = null;
        var has = labels?.TryGetValue(Key, out value) == true;
        return Operator switch
        {
            LabelOperator.Exists => has,
            LabelOperator.DoesNotExist => !has,
            LabelOperator.Equals or LabelOperator.In => has && Values.Contains(value!, StringComparer.Ordinal),
            LabelOperator.NotEquals or LabelOperator.NotIn => !has || !Values.Contains(value!, StringComparer.Ordinal),
            LabelOperator.GreaterThan => has && Compare(value!) is > 0,
            LabelOperator.LessThan => has && Compare(value!) is < 0,
            _ => false,
        };
    }

    private int? Compare(string value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual) &&
        long.TryParse(Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound)
            ? actual.CompareTo(bound)
            : null;
}
