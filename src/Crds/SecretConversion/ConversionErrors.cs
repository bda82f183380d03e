namespace ClusterGateway.Crds.SecretConversion;

/// <summary>Collects the problems of one Secret so that a single message names all of them.</summary>
internal sealed class ConversionErrors
{
    private readonly List<string> _problems = [];

    /// <summary>Whether any problem was recorded.</summary>
    public bool Any => _problems.Count > 0;

    /// <summary>Records a problem, e.g. <c>data key "token" is missing or empty (...)</c>; null is ignored.</summary>
    public void Add(string? problem)
    {
        if (problem is not null)
        {
            _problems.Add(problem);
        }
    }

    /// <summary>Every problem, joined with <c>"; "</c> and prefixed with <paramref name="source"/>.</summary>
    public string Format(string source) => $"{source}: {string.Join("; ", _problems)}";
}
