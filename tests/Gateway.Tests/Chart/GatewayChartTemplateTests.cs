using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Proxy.Identity;
using ClusterGateway.TestSupport;
using static ClusterGateway.Gateway.Tests.Chart.ChartObjects;

namespace ClusterGateway.Gateway.Tests.Chart;

/// <summary>
/// charts/cluster-gateway: lint, and the objects <c>helm template</c> renders for the default values, for
/// <c>certManager.enabled</c>, <c>ocmIntegration.enabled</c>, <c>serviceMonitor.enabled</c> and the all-options file.
/// </summary>
[Collection(GatewayChartCollection.Name)]
public sealed class GatewayChartTemplateTests(GatewayChartFixture helm)
{
    private const string Ns = GatewayChartFixture.ReleaseNamespace;

    private static readonly string[] ServiceNames =
        ["cluster-gateway", $"cluster-gateway.{Ns}", $"cluster-gateway.{Ns}.svc", $"cluster-gateway.{Ns}.svc.cluster.local"];

    private string AppVersion => YamlJson.ParseObject(File.ReadAllText(Path.Combine(helm.ChartDirectory, "Chart.yaml")))
        ["appVersion"]!.GetValue<string>();

    [Fact(Timeout = 60_000)]
    public async Task Lint_DefaultsAndAllOptions_PassStrict()
    {
        var defaults = await helm.RunAsync("lint", helm.ChartDirectory, "--strict");
        var allOptions = await helm.RunAsync("lint", helm.ChartDirectory, "--strict", "--values", GatewayChartFixture.AllOptionsValues);

        defaults.ExitCode.Should().Be(0, defaults.StdOut + defaults.StdErr);
        defaults.StdOut.Should().Contain("0 chart(s) failed").And.NotContain("[WARNING]").And.NotContain("[ERROR]");
        allOptions.ExitCode.Should().Be(0, allOptions.StdOut + allOptions.StdErr);
        allOptions.StdOut.Should().Contain("0 chart(s) failed").And.NotContain("[WARNING]").And.NotContain("[ERROR]");
    }

    [Fact(Timeout = 30_000)]
    public async Task Template_Defaults_RendersExactlyTheGatewayObjects()
    {
        var rendered = await helm.RenderAsync();

        rendered.Select(o => $"{Kind(o)} {Namespace(o)}/{Name(o)}").Should().BeEquivalentTo(
            "Namespace /open-cluster-management-credentials",
            $"ServiceAccount {Ns}/cluster-gateway",
            $"Secret {Ns}/cluster-gateway-tls",
            $"Service {Ns}/cluster-gateway",
            $"Deployment {Ns}/cluster-gateway",
            $"PodDisruptionBudget {Ns}/cluster-gateway",
            "APIService /v1alpha1.cluster.core.oam.dev",
            $"ClusterRoleBinding /{Ns}:cluster-gateway:system:auth-delegator",
            $"RoleBinding kube-system/{Ns}:cluster-gateway:extension-apiserver-authentication-reader",
            "Role open-cluster-management-credentials/cluster-gateway:cluster-secrets",
            "RoleBinding open-cluster-management-credentials/cluster-gateway:cluster-secrets");
    }

    [Fact(Timeout = 30_000)]
    public async Task Template_Defaults_DeploymentIsHighlyAvailableAndLockedDown()
    {
        var rendered = await helm.RenderAsync();

        var deployment = Single(rendered, "Deployment");
        deployment["spec"]!["replicas"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(2);
        var pod = Pod(rendered);
        pod["serviceAccountName"]!.GetValue<string>().Should().Be(Name(Single(rendered, "ServiceAccount")));
        var antiAffinity = pod["affinity"]!["podAntiAffinity"]!["preferredDuringSchedulingIgnoredDuringExecution"]![0]!["podAffinityTerm"]!;
        antiAffinity["topologyKey"]!.GetValue<string>().Should().Be("kubernetes.io/hostname");
        JsonNode.DeepEquals(antiAffinity["labelSelector"]!["matchLabels"], deployment["spec"]!["selector"]!["matchLabels"])
            .Should().BeTrue("the replicas repel each other");
        var pdb = Single(rendered, "PodDisruptionBudget");
        pdb["spec"]!["maxUnavailable"]!.GetValue<int>().Should().Be(1);
        JsonNode.DeepEquals(pdb["spec"]!["selector"], deployment["spec"]!["selector"]).Should().BeTrue();

        pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>().Should().BeTrue();
        pod["securityContext"]!["runAsUser"]!.GetValue<int>().Should().NotBe(0);
        pod["securityContext"]!["seccompProfile"]!["type"]!.GetValue<string>().Should().Be("RuntimeDefault");
        var container = Container(rendered);
        container["image"]!.GetValue<string>().Should().Be($"clustergateway/gateway:{AppVersion}");
        var security = container["securityContext"]!;
        security["readOnlyRootFilesystem"]!.GetValue<bool>().Should().BeTrue();
        security["allowPrivilegeEscalation"]!.GetValue<bool>().Should().BeFalse();
        Strings(security["capabilities"]!["drop"]).Should().Equal("ALL");
        container["volumeMounts"]!.AsArray().Should().Contain(m => m!["mountPath"]!.GetValue<string>() == "/tmp");
    }

    [Fact(Timeout = 30_000)]
    public async Task Template_Defaults_ProbesAreHttpsOnTheSecurePort_ServiceTargetsIt()
    {
        var rendered = await helm.RenderAsync();

        var container = Container(rendered);
        var port = container["ports"]!.AsArray().Should().ContainSingle().Subject!;
        port["name"]!.GetValue<string>().Should().Be("https");
        port["containerPort"]!.GetValue<int>().Should().Be(9443);
        Args(rendered).Should().Contain("--secure-port=9443");
        foreach (var (probe, path) in new[] { ("startupProbe", "/livez"), ("livenessProbe", "/livez"), ("readinessProbe", "/readyz") })
        {
            var get = container[probe]!["httpGet"]!;
            get["path"]!.GetValue<string>().Should().Be(path, probe);
            get["port"]!.GetValue<string>().Should().Be("https", probe);
            get["scheme"]!.GetValue<string>().Should().Be("HTTPS", probe);
        }

        var service = Single(rendered, "Service");
        var servicePort = service["spec"]!["ports"]!.AsArray().Should().ContainSingle().Subject!;
        servicePort["port"]!.GetValue<int>().Should().Be(443);
        servicePort["targetPort"]!.GetValue<string>().Should().Be("https");
        JsonNode.DeepEquals(service["spec"]!["selector"], Single(rendered, "Deployment")["spec"]!["selector"]!["matchLabels"])
            .Should().BeTrue();
    }

    [Fact(Timeout = 30_000)]
    public async Task Template_Defaults_ApiServiceTrustsTheGeneratedCaThatSignedTheMountedServingCertificate()
    {
        var rendered = await helm.RenderAsync();

        var apiService = Single(rendered, "APIService");
        Name(apiService).Should().Be("v1alpha1.cluster.core.oam.dev");
        var spec = apiService["spec"]!;
        spec["group"]!.GetValue<string>().Should().Be("cluster.core.oam.dev");
        spec["version"]!.GetValue<string>().Should().Be("v1alpha1");
        spec["insecureSkipTLSVerify"]!.GetValue<bool>().Should().BeFalse();
        spec["service"]!["name"]!.GetValue<string>().Should().Be(Name(Single(rendered, "Service")));
        spec["service"]!["namespace"]!.GetValue<string>().Should().Be(Ns);
        spec["service"]!["port"]!.GetValue<int>().Should().Be(443);

        var secret = Single(rendered, "Secret");
        secret["type"]!.GetValue<string>().Should().Be("kubernetes.io/tls");
        spec["caBundle"]!.GetValue<string>().Should().Be(secret["data"]!["ca.crt"]!.GetValue<string>());
        Pod(rendered)["volumes"]!.AsArray().Select(v => (string?)v!["secret"]?["secretName"]).Should().Contain(Name(secret));
        Args(rendered).Should().Contain("--tls-cert-file=/var/run/cluster-gateway/serving-cert/tls.crt")
            .And.Contain("--tls-private-key-file=/var/run/cluster-gateway/serving-cert/tls.key");
        Container(rendered)["volumeMounts"]!.AsArray().Should().Contain(m =>
            (string?)m!["mountPath"] == "/var/run/cluster-gateway/serving-cert" && (bool?)m["readOnly"] == true);

        // What the aggregator does: verify the serving certificate for the Service's DNS name against caBundle.
        using var ca = X509Certificate2.CreateFromPem(SecretData(secret, "ca.crt"));
        using var serving = X509Certificate2.CreateFromPem(SecretData(secret, "tls.crt"), SecretData(secret, "tls.key"));
        serving.HasPrivateKey.Should().BeTrue();
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1")); // server auth
        chain.Build(serving).Should().BeTrue(string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        foreach (var name in ServiceNames)
        {
            serving.MatchesHostname(name).Should().BeTrue(name);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Template_TwoRenders_GenerateDifferentCertificates_SoUpgradesMustReuseTheSecret()
    {
        // helm template cannot look up the cluster: each render generates. The template reuses an existing Secret
        // (lookup) on install/upgrade; this proves the generation is real and the reuse branch is what keeps it.
        var first = Single(await helm.RenderAsync(), "Secret");
        var second = Single(await helm.RenderAsync("replicas=2"), "Secret");

        SecretData(first, "ca.crt").Should().NotBe(SecretData(second, "ca.crt"));
        var template = await File.ReadAllTextAsync(Path.Combine(helm.ChartDirectory, "templates", "apiservice.yaml"));
        template.Should().Contain("lookup \"v1\" \"Secret\" .Release.Namespace $secretName");
    }

    [Fact(Timeout = 30_000)]
    public async Task Template_CertManager_IssuesTheServingCertificateAndInjectsTheCa()
    {
        var rendered = await helm.RenderAsync("certManager.enabled=true");

        rendered.Should().NotContain(o => Kind(o) == "Secret", "cert-manager writes the serving Secret");
        var apiService = Single(rendered, "APIService");
        apiService["spec"]!["caBundle"].Should().BeNull("cert-manager's CA injector fills it");
        var certificates = rendered.Where(o => Kind(o) == "Certificate").ToList();
        var serving = certificates.Should().ContainSingle(c => c["spec"]!["isCA"] == null).Subject;
        apiService["metadata"]!["annotations"]!["cert-manager.io/inject-ca-from"]!.GetValue<string>()
            .Should().Be($"{Ns}/{Name(serving)}");
        serving["spec"]!["secretName"]!.GetValue<string>().Should().Be("cluster-gateway-tls");
        Strings(serving["spec"]!["dnsNames"]).Should().Equal(ServiceNames);
        Pod(rendered)["volumes"]!.AsArray().Select(v => (string?)v!["secret"]?["secretName"]).Should().Contain("cluster-gateway-tls");

        // No issuer given: a self-signed root → CA Certificate → CA Issuer that signs the serving certificate.
        var issuers = rendered.Where(o => Kind(o) == "Issuer").ToDictionary(Name);
        issuers.Keys.Should().BeEquivalentTo("cluster-gateway-selfsigned", "cluster-gateway-ca");
        issuers["cluster-gateway-selfsigned"]["spec"]!["selfSigned"].Should().NotBeNull();
        var caCertificate = certificates.Single(c => c["spec"]!["isCA"]?.GetValue<bool>() == true);
        caCertificate["spec"]!["issuerRef"]!["name"]!.GetValue<string>().Should().Be("cluster-gateway-selfsigned");
        issuers["cluster-gateway-ca"]["spec"]!["ca"]!["secretName"]!.GetValue<string>()
            .Should().Be(caCertificate["spec"]!["secretName"]!.GetValue<string>());
        serving["spec"]!["issuerRef"]!["name"]!.GetValue<string>().Should().Be("cluster-gateway-ca");
    }

    [Fact(Timeout = 30_000)]
    public async Task Template_CertManagerWithIssuer_UsesIt_AndCreatesNoIssuer()
    {
        var rendered = await helm.RenderAsync(GatewayChartFixture.AllOptionsValues);

        rendered.Should().NotContain(o => Kind(o) == "Issuer");
        var serving = Single(rendered, "Certificate");
        serving["spec"]!["issuerRef"]!["name"]!.GetValue<string>().Should().Be("platform-ca");
        serving["spec"]!["issuerRef"]!["kind"]!.GetValue<string>().Should().Be("ClusterIssuer");
        serving["spec"]!["duration"]!.GetValue<string>().Should().Be("720h");
    }

    [Fact(Timeout = 30_000)]
    public async Task Template_OcmIntegration_PassesTheFlagAndBindsManagedClusterRead()
    {
        var rendered = await helm.RenderAsync("ocmIntegration.enabled=true");

        Args(rendered).Should().Contain("--ocm-integration=true");
        var role = rendered.Should().ContainSingle(o => Kind(o) == "ClusterRole").Subject;
        Name(role).Should().Be($"{Ns}:cluster-gateway:managedcluster-reader");
        var binding = rendered.Should().ContainSingle(o => Kind(o) == "ClusterRoleBinding" && Name(o) == Name(role)).Subject;
        binding["roleRef"]!["name"]!.GetValue<string>().Should().Be(Name(role));
        (await helm.RenderAsync()).Should().NotContain(o => Kind(o) == "ClusterRole", "without OCM nothing reads ManagedClusters");
        Args(await helm.RenderAsync()).Should().Contain("--ocm-integration=false");
    }

    [Fact(Timeout = 30_000)]
    public async Task Template_ServiceMonitor_ScrapesMetricsOverHttpsWithTheServingCa()
    {
        (await helm.RenderAsync()).Should().NotContain(o => Kind(o) == "ServiceMonitor");
        var rendered = await helm.RenderAsync("serviceMonitor.enabled=true");

        var monitor = Single(rendered, "ServiceMonitor");
        monitor["apiVersion"]!.GetValue<string>().Should().Be("monitoring.coreos.com/v1");
        JsonNode.DeepEquals(monitor["spec"]!["selector"]!["matchLabels"], Single(rendered, "Service")["spec"]!["selector"])
            .Should().BeTrue("it selects the gateway's Service");
        var endpoint = monitor["spec"]!["endpoints"]!.AsArray().Should().ContainSingle().Subject!;
        endpoint["port"]!.GetValue<string>().Should().Be("https");
        endpoint["path"]!.GetValue<string>().Should().Be("/metrics");
        endpoint["scheme"]!.GetValue<string>().Should().Be("https");
        endpoint["tlsConfig"]!["ca"]!["secret"]!["name"]!.GetValue<string>().Should().Be("cluster-gateway-tls");
        endpoint["tlsConfig"]!["serverName"]!.GetValue<string>().Should().BeOneOf(ServiceNames);
    }

    [Fact(Timeout = 30_000)]
    public async Task Template_AllOptions_ClusterProxyProxyConfigAndPodSettingsAreWired()
    {
        var rendered = await helm.RenderAsync(GatewayChartFixture.AllOptionsValues);

        var pod = Pod(rendered);
        var volumes = pod["volumes"]!.AsArray().ToDictionary(v => v!["name"]!.GetValue<string>(), v => v!);
        var mounts = Container(rendered)["volumeMounts"]!.AsArray()
            .ToDictionary(m => m!["name"]!.GetValue<string>(), m => m!["mountPath"]!.GetValue<string>());
        var args = Args(rendered);
        // Every file argument names a mounted file.
        foreach (var (flag, volume, expectedSource) in new[]
                 {
                     ("--proxy-ca-cert=", "proxy-ca", "my-proxy-ca"),
                     ("--proxy-cert=", "proxy-client", "my-proxy-client"),
                     ("--proxy-key=", "proxy-client", "my-proxy-client"),
                     ("--cluster-gateway-proxy-config=", "proxy-config", "cluster-gateway-proxy-config"),
                     ("--tls-cert-file=", "serving-cert", "cluster-gateway-tls"),
                     ("--kubeconfig=", "hub-kubeconfig", "hub-kubeconfig"),
                 })
        {
            var path = args.Should().ContainSingle(a => a.StartsWith(flag, StringComparison.Ordinal)).Subject[flag.Length..];
            Path.GetDirectoryName(path).Should().Be(mounts[volume], flag);
            var source = volumes[volume]["secret"]?["secretName"] ?? volumes[volume]["configMap"]!["name"];
            source!.GetValue<string>().Should().Be(expectedSource, flag);
        }

        args.Should().Contain("--proxy-ca-cert=/var/run/cluster-gateway/proxy-ca/ca.pem");
        var configMap = rendered.Should().ContainSingle(o => Kind(o) == "ConfigMap").Subject;
        var proxyConfiguration = ProxyConfigurationParser.Parse(configMap["data"]!["config.yaml"]!.GetValue<string>());
        proxyConfiguration.Rules.Select(r => r.Name).Should().Equal("super-user", "mapping");

        pod["affinity"]!["podAntiAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"].Should().NotBeNull();
        pod["terminationGracePeriodSeconds"]!.GetValue<int>().Should().Be(60);
        pod["priorityClassName"]!.GetValue<string>().Should().Be("system-cluster-critical");
        Container(rendered)["ports"]![0]!["containerPort"]!.GetValue<int>().Should().Be(8443);
        Container(rendered)["env"]![0]!["name"]!.GetValue<string>().Should().Be("OTEL_EXPORTER_OTLP_ENDPOINT");
        Single(rendered, "Namespace")["metadata"]!["name"]!.GetValue<string>().Should().Be("cluster-secrets");
        Single(rendered, "PodDisruptionBudget")["spec"]!["maxUnavailable"]!.GetValue<int>().Should().Be(2);
        Single(rendered, "APIService")["spec"]!["service"]!["port"]!.GetValue<int>().Should().Be(8443);
    }

    [Fact(Timeout = 30_000)]
    public async Task Template_OneReplicaOrSecretNamespaceIsReleaseNamespace_NoPdbNoNamespace()
    {
        var rendered = await helm.RenderAsync("replicas=1", $"secretNamespace={Ns}");

        rendered.Should().NotContain(o => Kind(o) == "PodDisruptionBudget", "a PDB for one replica would block every drain");
        rendered.Should().NotContain(o => Kind(o) == "Namespace");
        rendered.Should().Contain(o => Kind(o) == "Role" && Namespace(o) == Ns);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("clusterProxy.enabled=true,clusterProxy.frontend=websocket", "clusterProxy.frontend must be grpc or http-connect")]
    [InlineData("podAntiAffinity=always", "podAntiAffinity must be soft, hard or none")]
    [InlineData("featureGates.HealthinessCheck=maybe", "featureGates.HealthinessCheck must be true or false")]
    public async Task Template_InvalidValue_FailsNamingIt(string value, string message)
    {
        var result = await helm.RunAsync("template", "cg", helm.ChartDirectory, "--set", value);

        result.ExitCode.Should().NotBe(0);
        result.StdErr.Should().Contain(message);
    }
}
