using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Kube.Config;
using static ClusterGateway.Gateway.Tests.Chart.ChartObjects;

namespace ClusterGateway.Gateway.Tests.Chart;

/// <summary>
/// Values ↔ flags: every argument the chart renders is parsed by the gateway's own parser (a misspelt flag or a value
/// the gateway rejects fails here), the all-options values reach every gateway flag but the local-mode ones, and each
/// value lands in the option it names.
/// </summary>
[Collection(GatewayChartCollection.Name)]
public sealed class GatewayChartFlagTests(GatewayChartFixture helm)
{
    /// <summary>
    /// Flags the chart leaves to extraArgs: local mode (clusters from files, not from the hub) and <c>--token</c>, a
    /// <c>system:masters</c> credential that would sit in the pod spec in clear text.
    /// </summary>
    private static readonly string[] ExtraArgsOnly = ["clusters-dir", "import-kubeconfig", "write-kubeconfig", "token"];

    public static TheoryData<string> Variants => new()
    {
        "",
        "certManager.enabled=true",
        "ocmIntegration.enabled=true",
        "clusterProxy.enabled=true",
        "serviceMonitor.enabled=true",
        GatewayChartFixture.AllOptionsValues,
    };

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Variants))]
    public async Task Args_EveryVariant_ParseInTheGatewayFlagParser(string values)
    {
        var args = Args(await helm.RenderAsync(values.Length == 0 ? [] : [values]));

        args.Should().NotBeEmpty();
        var (errors, options) = GatewayArgs.Parse(args);
        errors.Should().BeEmpty("every argument the chart renders must be a gateway flag ({0})", string.Join(' ', args));
        options.Should().NotBeNull();
        options!.IsLocalMode.Should().BeFalse("the chart runs the gateway in hub mode");
        args.Select(GatewayArgs.FlagName).Should().OnlyHaveUniqueItems();
    }

    [Fact(Timeout = 30_000)]
    public async Task Args_Defaults_AreTheHubModeEssentials()
    {
        var (_, options) = GatewayArgs.Parse(Args(await helm.RenderAsync()));

        options!.SecretNamespace.Should().Be("open-cluster-management-credentials");
        options.SecurePort.Should().Be(9443);
        options.OcmIntegration.Should().BeFalse();
        options.TlsCertFile.Should().Be("/var/run/cluster-gateway/serving-cert/tls.crt");
        options.TlsPrivateKeyFile.Should().Be("/var/run/cluster-gateway/serving-cert/tls.key");
        options.ShutdownDelayDuration.Should().Be(TimeSpan.FromSeconds(5));
        options.Kubeconfig.Should().BeNull("in-cluster configuration");
        // Unset values fall through to the gateway's own defaults.
        options.Should().BeEquivalentTo(new GatewayOptions(), o => o
            .Excluding(x => x.SecretNamespace).Excluding(x => x.TlsCertFile).Excluding(x => x.TlsPrivateKeyFile)
            .Excluding(x => x.ShutdownDelayDuration));
    }

    [Fact(Timeout = 30_000)]
    public async Task Args_AllOptions_ReachEveryGatewayFlagButTheLocalModeOnes()
    {
        var rendered = Args(await helm.RenderAsync(GatewayChartFixture.AllOptionsValues)).Select(GatewayArgs.FlagName).ToHashSet();

        var all = GatewayFlags.All.Select(f => f.Name).ToList();
        all.Except(ExtraArgsOnly).Where(f => !rendered.Contains(f)).Should()
            .BeEmpty("every gateway flag has a chart value (add new flags to values.yaml and all-options.values.yaml)");
        rendered.Intersect(ExtraArgsOnly).Should().BeEmpty();
        ExtraArgsOnly.Should().BeSubsetOf(all, "the exceptions are real flags");
    }

    [Fact(Timeout = 30_000)]
    public async Task Args_AllOptions_EachValueLandsInItsOption()
    {
        var (_, o) = GatewayArgs.Parse(Args(await helm.RenderAsync(GatewayChartFixture.AllOptionsValues)));

        o!.SecretNamespace.Should().Be("cluster-secrets");
        o.Kubeconfig.Should().Be("/etc/hub/kubeconfig");
        o.OcmIntegration.Should().BeTrue();
        o.Features.Should().Be(new FeatureGates(true, true, true, false) { ExposeClusterCredentials = false });
        o.SecurePort.Should().Be(8443);
        o.BindAddress.Should().Be("0.0.0.0");
        o.AuthenticationKubeconfig.Should().Be("/etc/authn/kubeconfig");
        o.AuthenticationSkipLookup.Should().BeTrue();
        o.TokenReviewCacheTtl.Should().Be(TimeSpan.FromSeconds(20));
        o.AuthenticationTolerateLookupFailure.Should().BeTrue();
        o.ClientCaFile.Should().Be("/etc/client-ca/ca.crt");
        o.RequestHeaderClientCaFile.Should().Be("/etc/front-proxy/ca.crt");
        o.RequestHeaderAllowedNames.Should().Equal("front-proxy-client", "aggregator");
        o.RequestHeaderUsernameHeaders.Should().Equal("X-Remote-User", "X-User");
        o.RequestHeaderUidHeaders.Should().Equal("X-Remote-Uid");
        o.RequestHeaderGroupHeaders.Should().Equal("X-Remote-Group", "X-Group");
        o.RequestHeaderExtraHeadersPrefix.Should().Equal("X-Remote-Extra-");
        o.AuthorizationKubeconfig.Should().Be("/etc/authz/kubeconfig");
        o.AuthorizedCacheTtl.Should().Be(TimeSpan.FromMinutes(1));
        o.UnauthorizedCacheTtl.Should().Be(TimeSpan.FromSeconds(5));
        o.AuthorizationAlwaysAllowPaths.Should().Equal("/healthz", "/readyz", "/livez", "/metrics");
        o.AuthorizationAlwaysAllowGroups.Should().Equal("system:masters", "platform-admins");
        o.AuthorizeProxySubpath.Should().BeTrue();
        o.ClusterGatewayProxyConfig.Should().Be("/etc/cluster-gateway/proxy-config/config.yaml");
        o.ProxyImpersonateExtras.Should().BeFalse();
        o.ProxyMaxInflightPerCluster.Should().Be(100);
        o.ProxyQpsPerCluster.Should().Be(50);
        o.ProxyBurstPerCluster.Should().Be(1_000_000, "large numbers render as integers, not 1e+06");
        o.FastFailUnhealthyClusters.Should().BeTrue();
        o.UpstreamConnectTimeout.Should().Be(TimeSpan.FromSeconds(10));
        o.ExecCredentialTimeout.Should().Be(TimeSpan.FromSeconds(20));
        o.FanoutClusterTimeout.Should().Be(TimeSpan.FromSeconds(15));
        o.OcmFilterDanglingClusters.Should().BeTrue();
        o.HealthProbeFreshness.Should().Be(TimeSpan.FromMinutes(2));
        o.ProxyHost.Should().Be("proxy-entrypoint.cluster-proxy");
        o.ProxyPort.Should().Be(8091);
        o.ProxyCaCert.Should().Be("/var/run/cluster-gateway/proxy-ca/ca.pem");
        o.ProxyCert.Should().Be("/var/run/cluster-gateway/proxy-client/tls.crt");
        o.ProxyKey.Should().Be("/var/run/cluster-gateway/proxy-client/tls.key");
        o.ProxyFrontend.Should().Be("http-connect");
        o.ShutdownGracePeriod.Should().Be(TimeSpan.FromSeconds(40));
        o.ShutdownDelayDuration.Should().Be(TimeSpan.FromSeconds(10));
        o.LogFormat.Should().Be("json");
        o.Verbosity.Should().Be(2);
    }

    [Fact(Timeout = 30_000)]
    public async Task Args_TerminationGracePeriod_OutlastsTheGatewayShutdown()
    {
        foreach (var values in new[] { Array.Empty<string>(), [GatewayChartFixture.AllOptionsValues] })
        {
            var rendered = await helm.RenderAsync(values);
            var (_, options) = GatewayArgs.Parse(Args(rendered));
            var kubelet = TimeSpan.FromSeconds(Pod(rendered)["terminationGracePeriodSeconds"]!.GetValue<int>());

            kubelet.Should().BeGreaterThan(options!.ShutdownGracePeriod,
                "the kubelet's SIGKILL must not cut the drain short ({0})", GoDuration.Format(options.ShutdownGracePeriod));
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Args_ExtraArgs_AreAppendedAndParsed_AMisspeltFlagIsCaught()
    {
        var good = Args(await helm.RenderAsync("extraArgs={--write-kubeconfig=/tmp/gateway.kubeconfig}"));
        var misspelt = Args(await helm.RenderAsync("extraArgs={--secret-namspace=typo}"));

        good[^1].Should().Be("--write-kubeconfig=/tmp/gateway.kubeconfig");
        GatewayArgs.Parse(good).Errors.Should().BeEmpty();
        GatewayArgs.Parse(misspelt).Errors.Should().ContainSingle().Which.Should().Contain("--secret-namspace=typo");
    }

    [Fact(Timeout = 30_000)]
    public async Task Args_AValueTheGatewayRejects_FailsItsOptions()
    {
        var args = Args(await helm.RenderAsync("proxy.upstreamConnectTimeout=ten-seconds"));

        var parse = () => GatewayArgs.Parse(args);

        parse.Should().Throw<GatewayOptionsException>().WithMessage("*--upstream-connect-timeout*ten-seconds*");
    }
}
