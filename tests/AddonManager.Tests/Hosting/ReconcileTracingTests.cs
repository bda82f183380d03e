using System.Diagnostics;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.TestSupport;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace ClusterGateway.AddonManager.Tests.Hosting;

/// <summary>Alone: a tracer provider listens process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReconcileTracingCollection
{
    public const string Name = "reconcile-tracing";
}

/// <summary>With tracing on, every reconcile is a span named after its controller, with the key, and the hub
/// calls it makes are its children.</summary>
[Collection(ReconcileTracingCollection.Name)]
public sealed class ReconcileTracingTests
{
    [Fact(Timeout = 60_000)]
    public async Task Configuration_Applied_InstallationReconcileIsASpanWithItsHubCalls()
    {
        var spans = new List<Activity>();
        // The installation re-queues itself for the certificates' renewal: success or requeue_after.
        var ended = new SpanSignal(s => s.DisplayName == "installation reconcile" &&
            s.GetTagItem(ControllerTracing.ResultAttribute) is "success" or "requeue_after");
        await using var hub = await HostHub.StartAsync();
        await using var app = await hub.StartManagerAsync(tracing: tracing => tracing.AddInMemoryExporter(spans).AddProcessor(ended));

        hub.Store.ApplyYaml(HostHub.DirectConfiguration());
        var reconcile = await ended.Task.WaitAsync(TestTimeouts.Default, "a successful installation reconcile span");

        reconcile.Kind.Should().Be(ActivityKind.Internal);
        reconcile.Source.Name.Should().Be(ControllerTracing.Name);
        reconcile.GetTagItem(ControllerTracing.ControllerAttribute).Should().Be("installation");
        reconcile.GetTagItem(ControllerTracing.KeyAttribute).Should().Be("cluster-gateway");
        reconcile.Status.Should().Be(ActivityStatusCode.Unset);
        List<Activity> exported;
        lock (spans)
        {
            exported = [.. spans];
        }

        exported.Should().Contain(s => s.Kind == ActivityKind.Client && s.ParentSpanId == reconcile.SpanId,
            "the reconcile's hub calls (apply, status) are its children");
    }

    private sealed class SpanSignal(Func<Activity, bool> predicate) : BaseProcessor<Activity>
    {
        private readonly TaskCompletionSource<Activity> _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<Activity> Task => _signal.Task;

        public override void OnEnd(Activity data)
        {
            if (predicate(data))
            {
                _signal.TrySetResult(data);
            }
        }
    }
}
