using System.Net.Sockets;
using Xunit.Sdk;

namespace ClusterGateway.E2E.Lanes;

/// <summary>
/// Whether the real-cluster lanes can run, decided once per test run. A lane that cannot run is reported once as an
/// xunit diagnostic message (shown by <c>dotnet test</c> because <c>xunit.runner.json</c> enables them), since the
/// console runner does not print skip reasons.
/// </summary>
public sealed class LaneAvailability
{
    /// <summary>The environment variable naming the kubeconfig of an existing hub (OCM and the chart installed).</summary>
    public const string KubeconfigVariable = "CLUSTERGATEWAY_E2E_KUBECONFIG";

    /// <summary>Decides both lanes and reports each one that is skipped.</summary>
    /// <param name="diagnostics">xunit's diagnostic sink.</param>
    public LaneAvailability(IMessageSink diagnostics)
    {
        Kubeconfig = Environment.GetEnvironmentVariable(KubeconfigVariable);
        NoKubeconfig = string.IsNullOrEmpty(Kubeconfig) ? $"{KubeconfigVariable} is not set (a hub with OCM and the chart installed)" : null;
        NoDocker = DockerUnavailableReason();
        foreach (var (lane, reason) in new[] { ("existing hub", NoKubeconfig), ("K3s", NoDocker) })
        {
            if (reason is not null)
            {
                diagnostics.OnMessage(new DiagnosticMessage($"real-cluster lane '{lane}' skipped: {reason}"));
            }
        }
    }

    /// <summary>The existing hub's kubeconfig path, or null.</summary>
    public string? Kubeconfig { get; }

    /// <summary>Why the existing-hub lane is skipped, or null when it runs.</summary>
    public string? NoKubeconfig { get; }

    /// <summary>Why the K3s lane is skipped (no Docker engine answers), or null when it runs.</summary>
    public string? NoDocker { get; }

    private static string? DockerUnavailableReason()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (host is { Length: > 0 } && !host.StartsWith("unix://", StringComparison.Ordinal))
        {
            return null;
        }

        var socket = host is { Length: > 0 } ? host["unix://".Length..] : "/var/run/docker.sock";
        if (!File.Exists(socket))
        {
            return $"no Docker engine ({socket} does not exist; set DOCKER_HOST)";
        }

        try
        {
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            probe.Connect(new UnixDomainSocketEndPoint(socket));
            return null;
        }
        catch (SocketException e)
        {
            return $"no Docker engine answering on {socket}: {e.Message}";
        }
    }
}
