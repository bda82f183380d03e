using ClusterGateway.TestSupport;

namespace ClusterGateway.E2E.Journey;

/// <summary>Real kubectl, failing with both streams in the message.</summary>
internal static class Kube
{
    public static async Task<string> OkAsync(string kubeconfig, CancellationToken ct, params string[] args) =>
        (await Kubectl.RunAsync(kubeconfig, args, timeout: TestTimeouts.Default, ct: ct)).EnsureSuccess().StdOut;

    public static async Task<string> ApplyAsync(string kubeconfig, string yaml, CancellationToken ct, params string[] extra) =>
        (await Kubectl.RunAsync(kubeconfig, ["apply", "-f", "-", .. extra], yaml, TestTimeouts.Default, ct)).EnsureSuccess().StdOut;

    public static Task<KubectlResult> RunAsync(string kubeconfig, CancellationToken ct, params string[] args) =>
        Kubectl.RunAsync(kubeconfig, args, timeout: TestTimeouts.Default, ct: ct);
}
