using System.Diagnostics;

namespace ClusterGateway.Kube.Controllers;

/// <summary>
/// The <see cref="ActivitySource"/> of <see cref="Controller{TKey}"/>: one span per reconcile, named
/// <c>{controller} reconcile</c>, with the attributes <c>clustergateway.controller</c>, <c>clustergateway.reconcile.key</c>
/// and <c>clustergateway.reconcile.result</c> (<c>success</c>, <c>requeue_after</c>, <c>error</c>, <c>terminal</c>); an
/// error sets the span status to Error. Nothing is created unless a listener subscribed to <see cref="Name"/> (an
/// OpenTelemetry tracer provider with <c>AddSource(ControllerTracing.Name)</c>).
/// </summary>
public static class ControllerTracing
{
    /// <summary>The source name to subscribe to.</summary>
    public const string Name = "ClusterGateway.Kube.Controllers";

    /// <summary>Span attribute: the controller's name.</summary>
    public const string ControllerAttribute = "clustergateway.controller";

    /// <summary>Span attribute: the reconciled key (e.g. <c>namespace/name</c>).</summary>
    public const string KeyAttribute = "clustergateway.reconcile.key";

    /// <summary>Span attribute: how the reconcile ended.</summary>
    public const string ResultAttribute = "clustergateway.reconcile.result";

    /// <summary>The source.</summary>
    internal static readonly ActivitySource Source = new(Name);
}
