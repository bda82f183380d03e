namespace ClusterGateway.TestSupport;

/// <summary>Time limits for tests: generous enough for a loaded 2-core CI machine, never sleeps.</summary>
public static class TestTimeouts
{
    /// <summary>Something that should happen promptly (a request, an event).</summary>
    public static TimeSpan Short { get; } = TimeSpan.FromSeconds(10);

    /// <summary>A kubectl run, a reconcile.</summary>
    public static TimeSpan Default { get; } = TimeSpan.FromSeconds(30);

    /// <summary>A whole scenario.</summary>
    public static TimeSpan Long { get; } = TimeSpan.FromSeconds(60);
}
