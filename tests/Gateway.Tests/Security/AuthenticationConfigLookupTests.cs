using System.Net;
using System.Security.Cryptography.X509Certificates;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Gateway.Security;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static ClusterGateway.Gateway.Tests.Security.SecurityFixtures;

namespace ClusterGateway.Gateway.Tests.Security;

/// <summary>Reading kube-system/extension-apiserver-authentication: failures, toleration, skipping, flag precedence.</summary>
public sealed class AuthenticationConfigLookupTests
{
    private const string ConfigMapPath = "/api/v1/namespaces/kube-system/configmaps";

    [Fact(Timeout = 60_000)]
    public async Task Start_ConfigMapForbidden_FailsWithGuidance()
    {
        var reviews = new HubReviews { ForbidPath = ConfigMapPath };
        await using var hub = await FakeApiServer.StartAsync(new FakeApiServerOptions
        {
            Name = "hub", Tokens = { [HubEnvironment.HubToken] = HubEnvironment.GatewayServiceAccount },
            Intercept = reviews.InterceptAsync,
        });
        var directory = Directory.CreateTempSubdirectory("cg-authn-");
        try
        {
            var options = new GatewayOptions
            {
                Kubeconfig = hub.WriteKubeconfig(directory.FullName, token: HubEnvironment.HubToken),
                SecurePort = 0, BindAddress = "127.0.0.1",
            };

            var start = () => GatewayApp.StartAsync(options, _ => { }, CancellationToken.None);

            (await start.Should().ThrowAsync<InvalidOperationException>())
                .WithMessage("unable to load configmap based request-header-client-ca-file: *extension-apiserver-authentication-reader*")
                .Where(e => GatewayApp.IsStartupError(e));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Start_ConfigMapForbiddenTolerated_StartsButNotReady()
    {
        var reviews = new HubReviews { ForbidPath = ConfigMapPath };
        await using var env = await HubEnvironment.StartAsync(
            configureHub: hub => hub.Intercept = reviews.InterceptAsync,
            configureGateway: o => o with { AuthenticationTolerateLookupFailure = true });
        var check = env.Gateway.Services.GetRequiredService<AuthenticationConfigSyncedCheck>();

        var health = await check.CheckHealthAsync(new HealthCheckContext());

        env.Gateway.Services.GetRequiredService<AuthenticationConfigSource>().IsSynced.Should().BeFalse();
        health.Status.Should().Be(HealthStatus.Unhealthy);
        await env.Logs.WaitForAsync(l => l.Contains("(tolerated)", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Short, "the tolerated lookup failure log");
    }

    [Fact(Timeout = 60_000)]
    public async Task Start_SkipLookup_NeverReadsConfigMap()
    {
        await using var env = await HubEnvironment.StartAsync(
            configureGateway: o => o with { AuthenticationSkipLookup = true });

        env.Gateway.Services.GetRequiredService<AuthenticationConfigSource>().IsSynced.Should().BeTrue();
        (await env.Gateway.Services.GetRequiredService<AuthenticationConfigSyncedCheck>()
            .CheckHealthAsync(new HealthCheckContext())).Status.Should().Be(HealthStatus.Healthy);
        env.Hub.Requests.Snapshot().Should().NotContain(r => r.Path.Contains("/configmaps", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task Start_NoConfigMap_SyncedWithoutCertificateAuthentication()
    {
        await using var env = await HubEnvironment.StartAsync();

        var source = env.Gateway.Services.GetRequiredService<AuthenticationConfigSource>();

        source.IsSynced.Should().BeTrue();
        source.Current.Should().Be(ClientAuthenticationConfig.None);
    }

    [Fact(Timeout = 60_000)]
    public async Task RequestHeaderFlag_GivenWithConfigMap_FlagWinsForAllFrontProxySettings()
    {
        using var configMapCa = TestCertificateAuthority.Create("configmap-front-proxy-ca");
        using var flagCa = TestCertificateAuthority.Create("flag-front-proxy-ca");
        using var fromConfigMap = configMapCa.IssueClientCertificate(FrontProxyName);
        using var fromFlag = flagCa.IssueClientCertificate("flag-proxy");
        var caFile = Path.Combine(Path.GetTempPath(), $"cg-rh-{Guid.NewGuid():N}.crt");
        await File.WriteAllTextAsync(caFile, flagCa.CertificatePem);
        try
        {
            await using var env = await HubEnvironment.StartAsync(
                env => [.. env.DefaultSecrets(), AuthenticationConfigMap(configMapCa)],
                configureGateway: o => o with
                {
                    RequestHeaderClientCaFile = caFile, RequestHeaderAllowedNames = ["flag-proxy"],
                });

            (await Send(env, fromFlag)).Should().Be(HttpStatusCode.OK);
            (await Send(env, fromConfigMap)).Should().Be(HttpStatusCode.Unauthorized);
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    private static async Task<HttpStatusCode> Send(HubEnvironment env, X509Certificate2 certificate)
    {
        using var client = env.CreateGatewayClient(withToken: false, clientCertificate: certificate);
        using var response = await client.SendAsync(AsUser(Gateways, "admin", "system:masters"));
        return response.StatusCode;
    }
}
