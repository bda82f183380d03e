using ClusterGateway.Kube.Controllers;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Controllers;

/// <summary>Runs a controller in the background; disposing stops it and fails when RunAsync did not end cleanly.</summary>
internal sealed class ControllerRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private ControllerRun(Controller<string> controller, int workers) =>
        _run = Task.Run(() => controller.RunAsync(workers, _stop.Token));

    public static ControllerRun Start(Controller<string> controller, int workers = 1) => new(controller, workers);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(TestTimeouts.Short, "controller to stop");
        _stop.Dispose();
    }
}
