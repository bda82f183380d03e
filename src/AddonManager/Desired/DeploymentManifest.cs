using System.Text.Json.Nodes;
using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.AddonManager.Desired;

/// <summary>
/// The gateway Deployment <c>&lt;installNamespace&gt;/gateway-deployment</c>: upstream's shape (3 replicas, rolling
/// update 1/1, container <c>apiserver</c>, resources), the serving certificate mounted from
/// <c>cluster-gateway-tls-cert</c>, ClusterProxy credentials mounted from the Secrets named in the spec (copied into the
/// install namespace), HTTPS probes on <c>/livez</c> and <c>/readyz</c>, and the spec hash on the pod template so that a
/// spec change rolls the pods.
/// </summary>
internal static class DeploymentManifest
{
    /// <summary>Number of gateway replicas (upstream).</summary>
    public const int Replicas = 3;

    /// <summary>Builds the Deployment manifest.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="healthProbeFreshness">The gateway's <c>--health-probe-freshness</c> (<see cref="GatewayArguments"/>).</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="ArgumentException">ClusterProxy egress without <c>clusterProxy</c> settings.</exception>
    public static JsonObject Build(V1Alpha1ClusterGatewayConfiguration configuration, TimeSpan? healthProbeFreshness = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var spec = configuration.Spec;
        var deployment = ManifestMetadata.Create(configuration, "apps/v1", "Deployment", InstallationNames.Deployment,
            spec.InstallNamespace);
        deployment["spec"] = new JsonObject
        {
            ["replicas"] = Replicas,
            ["strategy"] = new JsonObject
            {
                ["type"] = "RollingUpdate",
                ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = 1, ["maxSurge"] = 1 },
            },
            ["selector"] = new JsonObject { ["matchLabels"] = PodLabels() },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["labels"] = PodLabels(),
                    ["annotations"] = new JsonObject { [InstallationNames.SpecHashAnnotation] = SpecHash.Compute(spec) },
                },
                ["spec"] = new JsonObject
                {
                    ["serviceAccountName"] = InstallationNames.Gateway,
                    ["containers"] = new JsonArray(Container(spec, healthProbeFreshness)),
                    ["volumes"] = Volumes(spec),
                },
            },
        };
        return deployment;
    }

    private static JsonObject PodLabels() => new() { [InstallationNames.AddonNameLabel] = InstallationNames.Gateway };

    private static JsonObject Container(ClusterGatewayConfigurationSpec spec, TimeSpan? healthProbeFreshness) => new()
    {
        ["name"] = InstallationNames.Container,
        ["image"] = spec.Image,
        ["imagePullPolicy"] = "IfNotPresent",
        ["args"] = ManifestMetadata.Strings([.. GatewayArguments.Build(spec, healthProbeFreshness)]),
        ["ports"] = new JsonArray(new JsonObject
        {
            ["name"] = "https",
            ["containerPort"] = InstallationNames.SecurePort,
            ["protocol"] = "TCP",
        }),
        ["resources"] = new JsonObject
        {
            ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "200Mi" },
            ["limits"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "600Mi" },
        },
        ["readinessProbe"] = Probe("/readyz"),
        ["livenessProbe"] = Probe("/livez"),
        ["volumeMounts"] = VolumeMounts(spec),
    };

    private static JsonObject Probe(string path) => new()
    {
        ["httpGet"] = new JsonObject { ["path"] = path, ["port"] = InstallationNames.SecurePort, ["scheme"] = "HTTPS" },
        ["periodSeconds"] = 10,
        ["failureThreshold"] = 3,
    };

    private static IEnumerable<(string Volume, string Secret, string Path)> Mounts(ClusterGatewayConfigurationSpec spec)
    {
        yield return ("server", InstallationNames.ServingCertSecret, InstallationNames.ServingCertDirectory);
        if (GatewayArguments.IsClusterProxy(spec))
        {
            var credentials = GatewayArguments.ClusterProxy(spec).Credentials;
            yield return ("proxy-client-ca", credentials.ProxyClientCASecretName, InstallationNames.ProxyCaDirectory);
            yield return ("proxy-client", credentials.ProxyClientSecretName, InstallationNames.ProxyClientDirectory);
        }
    }

    private static JsonArray VolumeMounts(ClusterGatewayConfigurationSpec spec) =>
        new([.. Mounts(spec).Select(m => (JsonNode?)new JsonObject
        {
            ["name"] = m.Volume,
            ["mountPath"] = m.Path,
            ["readOnly"] = true,
        })]);

    private static JsonArray Volumes(ClusterGatewayConfigurationSpec spec) =>
        new([.. Mounts(spec).Select(m => (JsonNode?)new JsonObject
        {
            ["name"] = m.Volume,
            ["secret"] = new JsonObject { ["secretName"] = m.Secret },
        })]);
}
