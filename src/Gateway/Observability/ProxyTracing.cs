using System.Diagnostics;
using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Proxy;
using OpenTelemetry.Trace;

namespace ClusterGateway.Gateway.Observability;

/// <summary>
/// The gateway's part of tracing (<c>ClusterGateway.Hosting.Tracing</c> does the rest): ASP.NET Core server spans
/// (not for the probes and <c>/metrics</c>), the proxied request's attributes on them, and, only while tracing is on,
/// the W3C trace context of the client span to the cluster instead of the caller's (see <see cref="Enabled"/>).
/// Attributes: OpenTelemetry's HTTP semantic conventions as the instrumentation sets them
/// (<c>http.request.method</c>, <c>http.route</c>, <c>http.response.status_code</c>, <c>url.path</c> ...) and
/// <c>clustergateway.cluster</c>, <c>clustergateway.verb</c>, <c>clustergateway.resource</c>,
/// <c>clustergateway.subresource</c>, <c>clustergateway.namespace</c> for the proxied (inner) request.
/// </summary>
/// <param name="enabled">Whether a tracer provider is registered.</param>
internal sealed class ProxyTracing(bool enabled)
{
    /// <summary>Span attribute: the cluster name.</summary>
    public const string ClusterAttribute = "clustergateway.cluster";

    /// <summary>Span attribute: the proxied request's Kubernetes verb (get, list, watch, create ...).</summary>
    public const string VerbAttribute = "clustergateway.verb";

    /// <summary>Span attribute: the proxied request's resource (empty for non-resource paths).</summary>
    public const string ResourceAttribute = "clustergateway.resource";

    /// <summary>Span attribute: the proxied request's subresource, when there is one.</summary>
    public const string SubresourceAttribute = "clustergateway.subresource";

    /// <summary>Span attribute: the proxied request's namespace, when there is one.</summary>
    public const string NamespaceAttribute = "clustergateway.namespace";

    /// <summary>
    /// Whether tracing is on. Then the cluster transports propagate the current span (the HttpClient client span) as
    /// <c>traceparent</c>/<c>tracestate</c> and the caller's own headers of that name are not forwarded (they are the
    /// server span's parent instead); when off, the caller's pass through unchanged and nothing is injected.
    /// </summary>
    public bool Enabled => enabled;

    /// <summary>Adds the gateway's instrumentation: ASP.NET Core server spans, except for probes and metrics.</summary>
    /// <param name="tracing">The tracer provider builder.</param>
    public static void Instrument(TracerProviderBuilder tracing) =>
        tracing.AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsProbe(context.Request.Path));

    /// <summary>Puts the proxied request's attributes on the server span, when it is recorded.</summary>
    /// <param name="context">The request.</param>
    /// <param name="path">Its proxy path.</param>
    public static void TagServerSpan(HttpContext context, ProxyPath path)
    {
        if (Activity.Current is not { IsAllDataRequested: true } activity)
        {
            return;
        }

        activity.SetTag(ClusterAttribute, path.Cluster);
        RequestInfo inner;
        try
        {
            inner = Proxy.Authorization.InnerRequest.Parse(context, path);
        }
        catch (FormatException)
        {
            return;
        }

        activity.SetTag(VerbAttribute, inner.Verb);
        activity.SetTag(ResourceAttribute, inner.Resource);
        if (inner.Subresource.Length > 0)
        {
            activity.SetTag(SubresourceAttribute, inner.Subresource);
        }

        if (inner.Namespace.Length > 0)
        {
            activity.SetTag(NamespaceAttribute, inner.Namespace);
        }
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/livez") || path.StartsWithSegments("/readyz") ||
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/metrics");
}
