using System.Globalization;
using System.Text;
using ClusterGateway.AddonManager.Configuration;
using ClusterGateway.AddonManager.Hosting;

namespace ClusterGateway.AddonManager.Observability;

/// <summary>
/// Renders <c>/metrics</c> in the Prometheus text exposition format (version 0.0.4) with controller-runtime's metric
/// names, so existing dashboards and alerts work: <c>controller_runtime_reconcile_total{controller,result}</c>,
/// <c>controller_runtime_reconcile_errors_total{controller}</c>, <c>controller_runtime_terminal_reconcile_errors_total{controller}</c>,
/// <c>workqueue_depth{name}</c>, <c>leader_election_master_status{name}</c>.
/// </summary>
internal static class AddonManagerMetrics
{
    /// <summary>The content type of the text format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Renders the current values.</summary>
    /// <param name="runtime">The running controllers.</param>
    /// <returns>The exposition text.</returns>
    public static string Render(AddonManagerRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var stats = runtime.Controllers.Stats.ToList();
        var text = new StringBuilder();
        Header(text, "controller_runtime_reconcile_total", "counter", "Total number of reconciliations per controller.");
        foreach (var (name, metrics, _) in stats)
        {
            Sample(text, "controller_runtime_reconcile_total", $"controller=\"{name}\",result=\"success\"", metrics.Success);
            Sample(text, "controller_runtime_reconcile_total", $"controller=\"{name}\",result=\"error\"", metrics.Errors + metrics.TerminalErrors);
            Sample(text, "controller_runtime_reconcile_total", $"controller=\"{name}\",result=\"requeue_after\"", metrics.RequeueAfter);
        }

        Header(text, "controller_runtime_reconcile_errors_total", "counter", "Total number of reconciliation errors per controller.");
        foreach (var (name, metrics, _) in stats)
        {
            Sample(text, "controller_runtime_reconcile_errors_total", $"controller=\"{name}\"", metrics.Errors + metrics.TerminalErrors);
        }

        Header(text, "controller_runtime_terminal_reconcile_errors_total", "counter", "Total number of terminal reconciliation errors per controller.");
        foreach (var (name, metrics, _) in stats)
        {
            Sample(text, "controller_runtime_terminal_reconcile_errors_total", $"controller=\"{name}\"", metrics.TerminalErrors);
        }

        Header(text, "workqueue_depth", "gauge", "Current depth of the work queue.");
        foreach (var (name, _, depth) in stats)
        {
            Sample(text, "workqueue_depth", $"name=\"{name}\"", depth);
        }

        Header(text, "leader_election_master_status", "gauge", "1 while this replica leads (runs the controllers), else 0.");
        Sample(text, "leader_election_master_status", $"name=\"{AddonManagerOptions.LeaderElectionId}\"", runtime.IsLeader ? 1 : 0);
        return text.ToString();
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, string labels, long value) =>
        text.Append(name).Append('{').Append(labels).Append("} ").Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
