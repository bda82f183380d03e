using System.Globalization;
using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Streaming;

/// <summary>
/// The v1 Status a remote command ends with on the error stream (kubelet remotecommand/httpstream.go, protocol v4+):
/// Success, or Failure with reason <c>NonZeroExitCode</c> and the code in <c>details.causes[{reason: ExitCode}]</c>,
/// which kubectl turns into its own exit code.
/// </summary>
internal static class CommandStatus
{
    public static JsonObject For(IReadOnlyList<string> command, int exitCode)
    {
        if (exitCode == 0)
        {
            return KubeStatus.Success();
        }

        var code = exitCode.ToString(CultureInfo.InvariantCulture);
        var status = KubeStatus.Failure(500, "NonZeroExitCode",
            $"command terminated with non-zero exit code: error executing command [{string.Join(' ', command)}], " +
            $"exit code {code}",
            new JsonObject
            {
                ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = code }),
            });
        status.Remove("code");
        return status;
    }
}
