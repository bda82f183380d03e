using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Desired;
using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.AddonManager.Tests.Desired;

public sealed class DeploymentManifestTests
{
    private static JsonNode PodSpec(JsonObject deployment) => deployment["spec"]!["template"]!["spec"]!;

    private static JsonNode Container(JsonObject deployment) => PodSpec(deployment)["containers"]!.AsArray().Single()!;

    private static string SpecHashOf(JsonObject deployment) =>
        deployment["spec"]!["template"]!["metadata"]!["annotations"]![InstallationNames.SpecHashAnnotation]!.GetValue<string>();

    [Fact]
    public void Build_Direct_HasUpstreamShapeImageAndOwner()
    {
        var deployment = DeploymentManifest.Build(DesiredFixtures.Direct());

        deployment["apiVersion"]!.GetValue<string>().Should().Be("apps/v1");
        deployment["kind"]!.GetValue<string>().Should().Be("Deployment");
        deployment["metadata"]!["name"]!.GetValue<string>().Should().Be("gateway-deployment");
        deployment["metadata"]!["namespace"]!.GetValue<string>().Should().Be("vela-system");
        DesiredFixtures.ShouldBeOwnedByConfiguration(deployment);
        deployment["spec"]!["selector"]!["matchLabels"]!["proxy.open-cluster-management.io/addon-name"]!.GetValue<string>()
            .Should().Be("cluster-gateway");
        deployment["spec"]!["template"]!["metadata"]!["labels"]!["proxy.open-cluster-management.io/addon-name"]!
            .GetValue<string>().Should().Be("cluster-gateway");
        PodSpec(deployment)["serviceAccountName"]!.GetValue<string>().Should().Be("cluster-gateway");
        var container = Container(deployment);
        container["name"]!.GetValue<string>().Should().Be("apiserver");
        container["image"]!.GetValue<string>().Should().Be("oamdev/cluster-gateway:v1.9.0");
    }

    [Fact]
    public void Build_WithHealthProbeFreshness_PassesItAsAGoDuration()
    {
        var args = DesiredFixtures.Strings(Container(DeploymentManifest.Build(DesiredFixtures.Direct(),
            TimeSpan.FromSeconds(90)))["args"]);

        args.Should().EndWith("--health-probe-freshness=1m30s");
    }

    [Fact]
    public void Build_Direct_ArgsWithoutProxyFlags()
    {
        var args = DesiredFixtures.Strings(Container(DeploymentManifest.Build(DesiredFixtures.Direct()))["args"]);

        args.Should().Equal(
            "--secure-port=9443",
            "--secret-namespace=open-cluster-management-credentials",
            "--ocm-integration=true",
            "--tls-cert-file=/etc/server/tls.crt",
            "--tls-private-key-file=/etc/server/tls.key",
            "--feature-gates=HealthinessCheck=true,SecretCache=true");
    }

    [Fact]
    public void Build_Direct_MountsOnlyServingCert()
    {
        var deployment = DeploymentManifest.Build(DesiredFixtures.Direct());

        var mount = Container(deployment)["volumeMounts"]!.AsArray().Single()!;
        mount["name"]!.GetValue<string>().Should().Be("server");
        mount["mountPath"]!.GetValue<string>().Should().Be("/etc/server/");
        mount["readOnly"]!.GetValue<bool>().Should().BeTrue();
        var volume = PodSpec(deployment)["volumes"]!.AsArray().Single()!;
        volume["name"]!.GetValue<string>().Should().Be("server");
        volume["secret"]!["secretName"]!.GetValue<string>().Should().Be("cluster-gateway-tls-cert");
    }

    [Fact]
    public void Build_ClusterProxy_AddsProxyFlags()
    {
        var args = DesiredFixtures.Strings(Container(DeploymentManifest.Build(DesiredFixtures.ClusterProxy()))["args"]);

        args.Should().ContainInOrder(
            "--proxy-host=proxy-entrypoint.open-cluster-management-addon",
            "--proxy-port=8090",
            "--proxy-ca-cert=/etc/ca/ca.crt",
            "--proxy-cert=/etc/tls/tls.crt",
            "--proxy-key=/etc/tls/tls.key");
        args.Should().Contain("--secure-port=9443").And.Contain("--ocm-integration=true");
    }

    [Fact]
    public void Build_ClusterProxy_MountsCredentialSecretsNamedInSpec()
    {
        var deployment = DeploymentManifest.Build(DesiredFixtures.ClusterProxy());

        var volumes = PodSpec(deployment)["volumes"]!.AsArray()
            .ToDictionary(v => v!["name"]!.GetValue<string>(), v => v!["secret"]!["secretName"]!.GetValue<string>());
        volumes.Should().Equal(new Dictionary<string, string>
        {
            ["server"] = "cluster-gateway-tls-cert",
            ["proxy-client-ca"] = "my-proxy-ca",
            ["proxy-client"] = "my-proxy-client",
        });
        var mounts = Container(deployment)["volumeMounts"]!.AsArray()
            .ToDictionary(v => v!["name"]!.GetValue<string>(), v => v!["mountPath"]!.GetValue<string>());
        mounts.Should().Equal(new Dictionary<string, string>
        {
            ["server"] = "/etc/server/",
            ["proxy-client-ca"] = "/etc/ca/",
            ["proxy-client"] = "/etc/tls/",
        });
    }

    [Fact]
    public void Build_ClusterProxyWithoutSettings_Throws()
    {
        var configuration = DesiredFixtures.Direct();
        configuration.Spec.Egress.Type = EgressTypes.ClusterProxy;

        var build = () => DeploymentManifest.Build(configuration);

        build.Should().Throw<ArgumentException>().WithMessage("*clusterProxy*");
    }

    [Fact]
    public void Build_Always_ProbesHttpsLivezAndReadyz()
    {
        var container = Container(DeploymentManifest.Build(DesiredFixtures.Direct()));

        container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>().Should().Be("/readyz");
        container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>().Should().Be("/livez");
        foreach (var probe in new[] { container["readinessProbe"]!, container["livenessProbe"]! })
        {
            probe["httpGet"]!["scheme"]!.GetValue<string>().Should().Be("HTTPS");
            probe["httpGet"]!["port"]!.GetValue<int>().Should().Be(9443);
        }
    }

    [Fact]
    public void Build_SameSpec_SameSpecHash()
    {
        var first = DeploymentManifest.Build(DesiredFixtures.ClusterProxy());
        var again = DesiredFixtures.ClusterProxy();
        again.Metadata.Generation = 7;
        again.Metadata.ResourceVersion = "12345";

        SpecHashOf(DeploymentManifest.Build(again)).Should().Be(SpecHashOf(first)).And.MatchRegex("^[0-9a-f]{32}$");
        JsonNode.DeepEquals(DeploymentManifest.Build(again), first).Should().BeTrue();
    }

    [Fact]
    public void Build_ImageChanged_SpecHashChanges()
    {
        var changed = DesiredFixtures.Direct();
        changed.Spec.Image = "oamdev/cluster-gateway:v1.9.1";

        SpecHashOf(DeploymentManifest.Build(changed)).Should().NotBe(SpecHashOf(DeploymentManifest.Build(DesiredFixtures.Direct())));
    }

    [Fact]
    public void Build_EgressChanged_SpecHashChanges()
    {
        var original = SpecHashOf(DeploymentManifest.Build(DesiredFixtures.ClusterProxy()));
        var port = DesiredFixtures.ClusterProxy();
        port.Spec.Egress.ClusterProxy!.ProxyServerPort = 8091;

        SpecHashOf(DeploymentManifest.Build(port)).Should().NotBe(original);
        SpecHashOf(DeploymentManifest.Build(DesiredFixtures.Direct())).Should().NotBe(original);
    }
}
