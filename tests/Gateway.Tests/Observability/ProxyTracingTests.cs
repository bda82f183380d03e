using System.Diagnostics;
using ClusterGateway.Gateway.Observability;
using ClusterGateway.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace ClusterGateway.Gateway.Tests.Observability;

/// <summary>Alone: a tracer provider listens process-wide (every HttpClient and Kestrel would make spans).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingCollection
{
    public const string Name = "tracing";
}

/// <summary>
/// Tracing with an in-memory exporter: a server span per proxied request with the cluster's attributes, a client span
/// to the cluster, and the W3C trace context at the managed cluster - the client span's when tracing is on, the
/// caller's unchanged when it is off.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class ProxyTracingTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string CallerSpanId = "00f067aa0ba902b7";
    private const string CallerTraceparent = $"00-{TraceId}-{CallerSpanId}-01";

    [Fact(Timeout = 60_000)]
    public async Task TracingOn_ServerAndClientSpans_ClusterGetsTheClientSpansTraceparent()
    {
        var spans = new List<Activity>();
        await using var env = await ObservedGateway.StartAsync(_ => { }, tracing => tracing.AddInMemoryExporter(spans));
        using var request = new HttpRequestMessage(HttpMethod.Get,
            ObservedGateway.ProxyPath("/api/v1/namespaces/default/configmaps?token=secret"));
        request.Headers.Add("traceparent", CallerTraceparent);
        request.Headers.Add("tracestate", "caller=1");

        (await env.Client.SendAsync(request)).EnsureSuccessStatusCode();
        // Same connection: the proxied request's server span has ended once this one is answered.
        (await env.Client.GetAsync("/version")).EnsureSuccessStatusCode();

        var ours = Snapshot(spans).Where(s => s.TraceId.ToHexString() == TraceId).ToList();
        // (The fake cluster is an ASP.NET Core server in this process too: its span is in the trace as well.)
        var server = ours.Should().ContainSingle(s => s.Kind == ActivityKind.Server && s.ParentSpanId.ToHexString() == CallerSpanId,
            string.Join("; ", ours.Select(s => $"{s.Source.Name} {s.Kind} {s.DisplayName} {s.ParentSpanId}"))).Subject;
        server.DisplayName.Should().Contain("/proxy/");
        server.GetTagItem(ProxyTracing.ClusterAttribute).Should().Be("c1");
        server.GetTagItem(ProxyTracing.VerbAttribute).Should().Be("list");
        server.GetTagItem(ProxyTracing.ResourceAttribute).Should().Be("configmaps");
        server.GetTagItem(ProxyTracing.NamespaceAttribute).Should().Be("default");
        server.GetTagItem("http.response.status_code").Should().Be(200);
        server.GetTagItem("http.request.method").Should().Be("GET");
        var client = ours.Should().ContainSingle(s => s.Kind == ActivityKind.Client).Subject;
        client.ParentSpanId.Should().Be(server.SpanId);
        ours.Should().Contain(s => s.Kind == ActivityKind.Server && s.ParentSpanId == client.SpanId, "the cluster continued the trace");
        client.GetTagItem("http.response.status_code").Should().Be(200);
        ours.SelectMany(s => s.TagObjects).Select(t => t.Value?.ToString() ?? "").Should()
            .NotContain(v => v.Contains("secret", StringComparison.Ordinal) || v.Contains(env.Gateway.Token, StringComparison.Ordinal));

        var atCluster = env.ClusterServer.Requests.Snapshot().Single(r => r.Path.EndsWith("/configmaps", StringComparison.Ordinal));
        atCluster.Header("traceparent").Should().Be($"00-{TraceId}-{client.SpanId.ToHexString()}-01");
        atCluster.Header("tracestate").Should().Be("caller=1", "the vendor state travels with the trace");
    }

    [Fact(Timeout = 60_000)]
    public async Task TracingOff_NothingRegistered_CallersTraceparentPassesThroughUnchanged()
    {
        await using var env = await ObservedGateway.StartAsync(_ => { });
        using var request = new HttpRequestMessage(HttpMethod.Get, ObservedGateway.ProxyPath("/api/v1/namespaces"));
        request.Headers.Add("traceparent", CallerTraceparent);
        request.Headers.Add("tracestate", "caller=1");

        (await env.Client.SendAsync(request)).EnsureSuccessStatusCode();

        env.Gateway.Services.GetService<TracerProvider>().Should().BeNull();
        env.Gateway.Services.GetRequiredService<ProxyTracing>().Enabled.Should().BeFalse();
        var atCluster = env.ClusterServer.Requests.Snapshot().Single(r => r.Path.EndsWith("/namespaces", StringComparison.Ordinal));
        atCluster.Header("traceparent").Should().Be(CallerTraceparent);
        atCluster.Header("tracestate").Should().Be("caller=1");
    }

    [Fact(Timeout = 60_000)]
    public async Task TracingOn_WithoutCallerContext_ClusterGetsANewTraceOfTheGateway()
    {
        var spans = new List<Activity>();
        await using var env = await ObservedGateway.StartAsync(_ => { }, tracing => tracing.AddInMemoryExporter(spans));

        (await env.Client.GetAsync(ObservedGateway.ProxyPath("/api/v1/namespaces/kube-system"))).EnsureSuccessStatusCode();
        (await env.Client.GetAsync("/version")).EnsureSuccessStatusCode();

        var atCluster = env.ClusterServer.Requests.Snapshot().Single(r => r.Path.EndsWith("/namespaces/kube-system", StringComparison.Ordinal));
        var traceparent = atCluster.Header("traceparent");
        traceparent.Should().NotBeNull();
        var traceId = traceparent!.Split('-')[1];
        var server = Snapshot(spans).Should().ContainSingle(s => s.Kind == ActivityKind.Server && s.TraceId.ToHexString() == traceId
            && Equals(s.GetTagItem(ProxyTracing.ClusterAttribute), "c1")).Subject;
        server.GetTagItem(ProxyTracing.VerbAttribute).Should().Be("get");
        server.GetTagItem(ProxyTracing.ResourceAttribute).Should().Be("namespaces");
    }

    private static List<Activity> Snapshot(List<Activity> spans)
    {
        lock (spans)
        {
            return [.. spans];
        }
    }
}
