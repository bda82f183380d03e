namespace ClusterGateway.Kube.Controllers;

/// <summary>
/// Settings of a <see cref="LeaderElector"/> (client-go <c>leaderelection.LeaderElectionConfig</c>). Requires
/// <see cref="LeaseDuration"/> &gt; <see cref="RenewDeadline"/> &gt; <see cref="RetryPeriod"/> &gt; 0
/// (<see cref="LeaderElector.Validate"/>).
/// </summary>
public sealed record LeaderElectionOptions
{
    /// <summary>Namespace of the Lease.</summary>
    public required string Namespace { get; init; }

    /// <summary>Name of the Lease.</summary>
    public required string Name { get; init; }

    /// <summary>This candidate's unique identity, e.g. the pod name (plus a random suffix).</summary>
    public required string Identity { get; init; }

    /// <summary>How long non-leaders wait after the last observed change before taking over; default 15 s (whole seconds on the wire).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The latest a leader gives up leadership (cancels its work) after the start of its last successful renewal when no
    /// renewal succeeds, even if the apiserver never answers; default 10 s. Less than <see cref="LeaseDuration"/>, so the
    /// leader stops before followers can consider its lease expired.
    /// </summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Interval between acquire and renew attempts; default 2 s.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>On cancellation, release the lease (empty holder, 1 s duration) so another candidate takes over at once; default true.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    /// <summary>Clock and delays; default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
