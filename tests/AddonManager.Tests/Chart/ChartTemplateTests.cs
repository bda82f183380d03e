using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Configuration;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Json;
using ClusterGateway.TestSupport;

namespace ClusterGateway.AddonManager.Tests.Chart;

/// <summary>charts/addon-manager: lint, the rendered Deployment and ClusterGatewayConfiguration, the CRD copy.</summary>
[Collection(HelmCollection.Name)]
public sealed class ChartTemplateTests(HelmFixture helm)
{
    /// <summary>The non-default variant: egress through the cluster-proxy, cluster Secrets written by hand.</summary>
    public static readonly string[] ClusterProxyManualValues =
        ["clusterGateway.egress.type=ClusterProxy", "clusterGateway.secretManagement.type=Manual"];

    private const string CrdFile = "proxy.open-cluster-management.io_clustergatewayconfigurations.yaml";

    private string AppVersion => YamlJson.ParseObject(File.ReadAllText(Path.Combine(helm.ChartDirectory, "Chart.yaml")))
        ["appVersion"]!.GetValue<string>();

    private static JsonObject Single(IReadOnlyList<JsonObject> objects, string kind) =>
        objects.Should().ContainSingle(o => o["kind"]!.GetValue<string>() == kind).Subject;

    private static JsonNode Container(JsonObject deployment) =>
        deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Should().ContainSingle().Subject!;

    private static string[] Strings(JsonNode? node) => [.. node!.AsArray().Select(n => n!.GetValue<string>())];

    [Fact(Timeout = 30_000)]
    public async Task Lint_Chart_PassesStrict()
    {
        var result = await helm.RunAsync("lint", helm.ChartDirectory, "--strict");

        result.ExitCode.Should().Be(0, result.StdOut + result.StdErr);
        result.StdOut.Should().Contain("0 chart(s) failed");
    }

    [Fact(Timeout = 30_000)]
    public async Task Template_Defaults_DeploymentRunsTheManagerWithItsFlags()
    {
        var rendered = await helm.RenderAsync();

        var deployment = Single(rendered, "Deployment");
        deployment["metadata"]!["name"]!.GetValue<string>().Should().Be("cluster-gateway-addon-manager");
        deployment["metadata"]!["namespace"]!.GetValue<string>().Should().Be(HelmFixture.ReleaseNamespace);
        deployment["spec"]!["replicas"]!.GetValue<int>().Should().Be(1);
        var container = Container(deployment);
        container["image"]!.GetValue<string>().Should().Be($"clustergateway/addon-manager:{AppVersion}");
        Strings(container["args"]).Should().Equal(
            "--leader-elect=true",
            "--signer-secret-name=cluster-gateway-signer",
            "--metrics-bind-address=:48080",
            "--health-probe-bind-address=:48081",
            "--install-all=true",
            "--cluster-health-interval=30s",
            "--cluster-health-concurrency=4");
    }

    [Fact(Timeout = 30_000)]
    public async Task Template_Defaults_DeploymentEnvProbesPortsAndSecurity()
    {
        var rendered = await helm.RenderAsync();

        var deployment = Single(rendered, "Deployment");
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var serviceAccount = Single(rendered, "ServiceAccount");
        pod["serviceAccountName"]!.GetValue<string>().Should().Be(serviceAccount["metadata"]!["name"]!.GetValue<string>());
        serviceAccount["metadata"]!["namespace"]!.GetValue<string>().Should().Be(HelmFixture.ReleaseNamespace);
        var container = Container(deployment);

        var env = container["env"]!.AsArray().Should().ContainSingle(e => e!["name"]!.GetValue<string>() == "NAMESPACE").Subject!;
        env["valueFrom"]!["fieldRef"]!["fieldPath"]!.GetValue<string>().Should().Be("metadata.namespace");

        var ports = container["ports"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["containerPort"]!.GetValue<int>());
        ports.Should().Equal(new Dictionary<string, int> { ["metrics"] = 48080, ["health"] = 48081 });
        foreach (var (probe, path) in new[] { ("livenessProbe", "/healthz"), ("readinessProbe", "/readyz") })
        {
            container[probe]!["httpGet"]!["path"]!.GetValue<string>().Should().Be(path);
            ports[container[probe]!["httpGet"]!["port"]!.GetValue<string>()].Should().Be(48081, probe);
        }

        pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>().Should().BeTrue();
        pod["securityContext"]!["runAsUser"]!.GetValue<int>().Should().NotBe(0);
        var security = container["securityContext"]!;
        security["readOnlyRootFilesystem"]!.GetValue<bool>().Should().BeTrue();
        security["allowPrivilegeEscalation"]!.GetValue<bool>().Should().BeFalse();
        Strings(security["capabilities"]!["drop"]).Should().Equal("ALL");
        // A read-only root still needs a writable /tmp (the runtime's diagnostics socket).
        container["volumeMounts"]!.AsArray().Should().Contain(m => m!["mountPath"]!.GetValue<string>() == "/tmp");
    }

    [Fact(Timeout = 30_000)]
    public async Task Template_Values_FlowIntoImageAndArgs()
    {
        var rendered = await helm.RenderAsync("image.tag=1.2.3", "leaderElect=false", "installAll=false",
            "signerSecretName=my-signer", "clusterHealth.interval=1m", "clusterHealth.concurrency=8", "replicas=2",
            "extraArgs={--kubeconfig=/k}");

        var deployment = Single(rendered, "Deployment");
        deployment["spec"]!["replicas"]!.GetValue<int>().Should().Be(2);
        var container = Container(deployment);
        container["image"]!.GetValue<string>().Should().Be("clustergateway/addon-manager:1.2.3");
        Strings(container["args"]).Should().Equal(
            "--leader-elect=false",
            "--signer-secret-name=my-signer",
            "--metrics-bind-address=:48080",
            "--health-probe-bind-address=:48081",
            "--install-all=false",
            "--cluster-health-interval=1m",
            "--cluster-health-concurrency=8",
            "--kubeconfig=/k");
    }

    [Fact(Timeout = 30_000)]
    public async Task Template_DeploymentArgs_AreAcceptedByTheAddonManagerCommandLine()
    {
        var args = Strings(Container(Single(await helm.RenderAsync(), "Deployment"))["args"]);

        var commandLine = new AddonManagerCommandLine();
        var result = commandLine.Command.Parse(args);

        result.Errors.Select(e => e.Message).Should().BeEmpty("the chart passes only flags the addon-manager defines");
        var options = commandLine.ToOptions(result, name => name == "NAMESPACE" ? HelmFixture.ReleaseNamespace : null, () => null);
        options.LeaderElect.Should().BeTrue();
        options.SignerSecretName.Should().Be(AddonManagerOptions.DefaultSignerSecretName);
        options.MetricsBindAddress.Should().Be(AddonManagerOptions.DefaultMetricsBindAddress);
        options.HealthProbeBindAddress.Should().Be(AddonManagerOptions.DefaultHealthProbeBindAddress);
    }

    [Fact(Timeout = 30_000)]
    public async Task Template_Defaults_ConfigurationIsManagedServiceAccountWithDirectEgress()
    {
        var configuration = Single(await helm.RenderAsync(), "ClusterGatewayConfiguration");

        configuration["apiVersion"]!.GetValue<string>().Should().Be(V1Alpha1ClusterGatewayConfiguration.GroupVersion);
        configuration["metadata"]!["name"]!.GetValue<string>().Should().Be("cluster-gateway");
        configuration["metadata"]!["namespace"].Should().BeNull("the resource is cluster-scoped");
        var spec = configuration["spec"]!.AsObject();
        spec.Select(p => p.Key).Should().BeEquivalentTo("image", "installNamespace", "secretNamespace", "secretManagement", "egress");
        spec["image"]!.GetValue<string>().Should().Be($"clustergateway/gateway:{AppVersion}");
        spec["installNamespace"]!.GetValue<string>().Should().Be("open-cluster-management-cluster-gateway");
        spec["secretNamespace"]!.GetValue<string>().Should().Be("open-cluster-management-credentials");
        JsonNode.DeepEquals(spec["secretManagement"], JsonNode.Parse(
            """{"type":"ManagedServiceAccount","managedServiceAccount":{"name":"cluster-gateway"}}""")).Should().BeTrue(spec.ToJsonString());
        JsonNode.DeepEquals(spec["egress"], JsonNode.Parse("""{"type":"Direct"}""")).Should().BeTrue(spec.ToJsonString());
    }

    [Fact(Timeout = 30_000)]
    public async Task Template_ClusterProxyManual_ConfigurationCarriesUpstreamProxySettings()
    {
        var rendered = await helm.RenderAsync([.. ClusterProxyManualValues, "clusterGateway.image.tag=v9",
            "clusterGateway.installNamespace=gw", "clusterGateway.secretNamespace=creds", "clusterGateway.configuration.name=cg2"]);

        var json = Single(rendered, "ClusterGatewayConfiguration").ToJsonString();
        var configuration = JsonSerializer.Deserialize<V1Alpha1ClusterGatewayConfiguration>(json, KubeJson.Options)!;
        configuration.Metadata.Name.Should().Be("cg2");
        var spec = configuration.Spec;
        spec.Image.Should().Be("clustergateway/gateway:v9");
        spec.InstallNamespace.Should().Be("gw");
        spec.SecretNamespace.Should().Be("creds");
        spec.SecretManagement!.Type.Should().Be("Manual");
        spec.SecretManagement.ManagedServiceAccount.Should().BeNull();
        spec.Egress.Type.Should().Be(EgressTypes.ClusterProxy);
        var proxy = spec.Egress.ClusterProxy!;
        proxy.ProxyServerHost.Should().Be("proxy-entrypoint.open-cluster-management-addon");
        proxy.ProxyServerPort.Should().Be(8090);
        proxy.Credentials.Namespace.Should().Be("open-cluster-management-addon");
        proxy.Credentials.ProxyClientCASecretName.Should().Be("proxy-server-ca");
        proxy.Credentials.ProxyClientSecretName.Should().Be("proxy-client");
    }

    [Fact(Timeout = 30_000)]
    public async Task Template_ConfigurationCreateFalse_RendersNoConfiguration()
    {
        var rendered = await helm.RenderAsync("clusterGateway.configuration.create=false");

        rendered.Should().NotContain(o => o["kind"]!.GetValue<string>() == "ClusterGatewayConfiguration");
        rendered.Should().Contain(o => o["kind"]!.GetValue<string>() == "Deployment");
    }

    [Theory(Timeout = 30_000)]
    [InlineData("clusterGateway.egress.type=Konnectivity", "clusterGateway.egress.type must be Direct or ClusterProxy")]
    [InlineData("clusterGateway.secretManagement.type=Token", "clusterGateway.secretManagement.type must be ManagedServiceAccount or Manual")]
    public async Task Template_InvalidType_FailsNamingTheValue(string value, string message)
    {
        var result = await helm.RunAsync("template", "cg", helm.ChartDirectory, "--set", value);

        result.ExitCode.Should().NotBe(0);
        result.StdErr.Should().Contain(message);
    }

    [Fact(Timeout = 30_000)]
    public async Task Crds_ConfigurationCrd_IsAByteIdenticalCopyOfConfigCrd()
    {
        var crds = Path.Combine(helm.ChartDirectory, "crds");
        Directory.GetFiles(crds).Select(Path.GetFileName).Should().Equal(CrdFile);

        var chartCopy = await File.ReadAllBytesAsync(Path.Combine(crds, CrdFile));
        var generated = await File.ReadAllBytesAsync(Path.Combine(helm.RepositoryRoot, "config", "crd", CrdFile));

        chartCopy.Should().Equal(generated, "charts/addon-manager/crds/{0} must be copied from config/crd after regenerating", CrdFile);
    }
}
