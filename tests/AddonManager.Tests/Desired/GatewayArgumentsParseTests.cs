using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Desired;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Configuration;
using Microsoft.Extensions.Configuration;

namespace ClusterGateway.AddonManager.Tests.Desired;

/// <summary>
/// Every argument the addon-manager writes into the gateway Deployment is read by the gateway binary the way its
/// Program.cs reads it (System.CommandLine with the gateway's flags, then <see cref="GatewayOptions.From"/>), for every
/// option the installation has: Direct and ClusterProxy egress, with and without <c>--health-probe-freshness</c>. A
/// misspelt flag or a value the gateway rejects fails here, and each file argument names a file the pod mounts.
/// </summary>
public sealed class GatewayArgumentsParseTests
{
    public static TheoryData<bool, double?> Variants => new()
    {
        { false, null },
        { false, 90 },
        { true, null },
        { true, 2.5 },
        { true, 135 },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void DeploymentArgs_ParseInTheGatewayFlagParser_IntoTheIntendedOptions(bool clusterProxy, double? freshnessSeconds)
    {
        var configuration = clusterProxy ? DesiredFixtures.ClusterProxy() : DesiredFixtures.Direct();
        var freshness = freshnessSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var deployment = InstallationManifests.Build(configuration, freshness)
            .Single(m => m["kind"]!.GetValue<string>() == "Deployment");
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single()!;
        var args = DesiredFixtures.Strings(container["args"]);

        var (errors, options) = Parse(args);

        errors.Should().BeEmpty("the manager passes only gateway flags ({0})", string.Join(' ', args));
        options!.IsLocalMode.Should().BeFalse();
        options.SecretNamespace.Should().Be(configuration.Spec.SecretNamespace);
        options.OcmIntegration.Should().BeTrue();
        options.SecurePort.Should().Be(InstallationNames.SecurePort);
        container["ports"]![0]!["containerPort"]!.GetValue<int>().Should().Be(options.SecurePort);
        options.Features.HealthinessCheck.Should().BeTrue();
        options.Features.SecretCache.Should().BeTrue();
        options.HealthProbeFreshness.Should().Be(freshness ?? new GatewayOptions().HealthProbeFreshness);
        var files = new List<string?> { options.TlsCertFile, options.TlsPrivateKeyFile };
        if (clusterProxy)
        {
            var proxy = configuration.Spec.Egress.ClusterProxy!;
            options.ProxyHost.Should().Be(proxy.ProxyServerHost);
            options.ProxyPort.Should().Be(proxy.ProxyServerPort);
            files.AddRange([options.ProxyCaCert, options.ProxyCert, options.ProxyKey]);
        }
        else
        {
            options.ProxyHost.Should().BeNull();
        }

        // Each file flag names a file in a read-only mount of the container.
        var mounts = container["volumeMounts"]!.AsArray().Select(m => m!["mountPath"]!.GetValue<string>().TrimEnd('/')).ToList();
        files.Should().AllSatisfy(file =>
        {
            file.Should().NotBeNull();
            mounts.Should().Contain(Path.GetDirectoryName(file)!, file);
        });
    }

    [Fact]
    public void Parser_AMisspeltFlag_IsAnError()
    {
        var args = GatewayArguments.Build(DesiredFixtures.ClusterProxy().Spec).Append("--proxy-hots=x").ToList();

        Parse(args).Errors.Should().ContainSingle().Which.Should().Contain("--proxy-hots=x");
    }

    private static (IReadOnlyList<string> Errors, GatewayOptions? Options) Parse(IReadOnlyList<string> args)
    {
        var (command, flags) = GatewayCommandLine.Build();
        var result = command.Parse([.. args]);
        if (result.Errors.Count > 0)
        {
            return ([.. result.Errors.Select(e => e.Message)], null);
        }

        var values = GatewayCommandLine.ToConfiguration(result, flags, _ => null);
        return ([], GatewayOptions.From(new ConfigurationBuilder().AddInMemoryCollection(values).Build()));
    }
}
