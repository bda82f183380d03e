namespace ClusterGateway.Benchmark;

/// <summary>Summary statistics of a benchmark's samples.</summary>
internal static class Stats
{
    /// <summary>The median (the mean of the two middle values for an even count).</summary>
    /// <param name="values">The samples; at least one.</param>
    /// <returns>The median.</returns>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
