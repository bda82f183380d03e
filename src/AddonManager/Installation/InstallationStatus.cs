using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Desired;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.AddonManager.Installation;

/// <summary>The conditions an installation round reports, and the Deployment facts they are based on.</summary>
internal static class InstallationStatus
{
    /// <summary>Longest condition message written (the API allows 32768; a Status message can be long).</summary>
    public const int MaxMessageLength = 1024;

    /// <summary>A condition about <paramref name="configuration"/>'s current generation.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="type">The condition type.</param>
    /// <param name="status">True or False.</param>
    /// <param name="reason">The CamelCase reason.</param>
    /// <param name="message">The message.</param>
    /// <returns>The condition.</returns>
    public static Condition Condition(
        V1Alpha1ClusterGatewayConfiguration configuration, string type, bool status, string reason, string message) => new()
        {
            Type = type,
            Status = status ? "True" : "False",
            Reason = reason,
            Message = message,
            ObservedGeneration = configuration.Metadata.Generation,
        };

    /// <summary>The conditions of a configuration that does not drive the installation.</summary>
    /// <param name="configuration">The inactive configuration.</param>
    /// <param name="active">The active one, or null.</param>
    /// <returns><c>ClusterGatewayDeployed</c> and <c>Available</c>, both False with reason <c>NotActive</c>.</returns>
    public static IReadOnlyList<Condition> NotActive(
        V1Alpha1ClusterGatewayConfiguration configuration, V1Alpha1ClusterGatewayConfiguration? active)
    {
        var message = $"ClusterGatewayConfiguration {active?.Metadata.Name} drives the installation; a hub has only one.";
        return
        [
            Condition(configuration, InstallationConditions.Deployed, false, InstallationConditions.NotActive, message),
            Condition(configuration, InstallationConditions.Available, false, InstallationConditions.NotActive, message),
        ];
    }

    /// <summary>The conditions after a successful apply round.</summary>
    /// <param name="configuration">The active configuration.</param>
    /// <param name="missingCredentials">Cluster-proxy credential Secrets that do not exist.</param>
    /// <param name="readyReplicas">Ready gateway replicas.</param>
    /// <param name="registered">Whether the APIService exists.</param>
    /// <returns><c>ClusterGatewayDeployed</c> and <c>Available</c>.</returns>
    public static IReadOnlyList<Condition> Installed(
        V1Alpha1ClusterGatewayConfiguration configuration, IReadOnlyList<string> missingCredentials, int readyReplicas,
        bool registered)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(missingCredentials);
        var ns = configuration.Spec.InstallNamespace;
        var deployed = missingCredentials.Count == 0
            ? Condition(configuration, InstallationConditions.Deployed, true, InstallationConditions.Applied,
                $"The gateway is installed in namespace {ns}.")
            : Condition(configuration, InstallationConditions.Deployed, false, InstallationConditions.ProxyCredentialsMissing,
                $"The cluster-proxy credential Secrets {string.Join(", ", missingCredentials)} do not exist; the gateway pods " +
                "cannot start until they do.");
        var available = readyReplicas > 0 && registered
            ? Condition(configuration, InstallationConditions.Available, true, InstallationConditions.DeploymentReady,
                $"{readyReplicas} of {DeploymentManifest.Replicas} gateway replicas are ready; APIService " +
                $"{InstallationNames.ApiService} is registered.")
            : Condition(configuration, InstallationConditions.Available, false, InstallationConditions.DeploymentNotReady,
                $"No replica of Deployment {ns}/{InstallationNames.Deployment} is ready" + (registered
                    ? "."
                    : $"; APIService {InstallationNames.ApiService} is registered once one is."));
        return [deployed, available];
    }

    /// <summary>Ready replicas of a Deployment as stored (<c>status.readyReplicas</c>, absent when 0).</summary>
    /// <param name="deployment">The Deployment, or null.</param>
    /// <returns>The count, 0 when unknown.</returns>
    public static int ReadyReplicas(JsonObject? deployment) =>
        deployment?["status"]?["readyReplicas"] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? value.GetValue<int>()
            : 0;

    /// <summary>Cuts a message to <see cref="MaxMessageLength"/> characters.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The message, truncated with an ellipsis when too long.</returns>
    public static string Truncate(string message) =>
        message.Length <= MaxMessageLength ? message : string.Concat(message.AsSpan(0, MaxMessageLength - 1), "…");
}
