using System.Net;
using ClusterGateway.AddonManager.Configuration;
using ClusterGateway.AddonManager.Hosting;
using ClusterGateway.TestSupport;

namespace ClusterGateway.AddonManager.Tests.Hosting;

/// <summary>The host starts on loopback and answers the probe endpoints.</summary>
public sealed class AddonManagerAppTests
{
    [Theory(Timeout = 30_000)]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task StartAsync_LoopbackProbeAddress_AnswersProbe(string path)
    {
        using var cts = new CancellationTokenSource(TestTimeouts.Default);
        var options = new AddonManagerOptions(false, AddonManagerOptions.DefaultSignerSecretName, "0", "127.0.0.1:0", null, "cg-system");

        await using var app = await AddonManagerApp.StartAsync(options, _ => { }, cts.Token).WaitAsync(TestTimeouts.Default, "start");
        using var http = new HttpClient { BaseAddress = app.HealthProbeUrl };
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cts.Token);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(cts.Token)).Should().Be("Healthy");
        app.HealthProbeUrl!.Host.Should().Be("127.0.0.1");
    }

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_ProbeAddressZero_ThrowsOptionsError()
    {
        var options = new AddonManagerOptions(false, AddonManagerOptions.DefaultSignerSecretName, "0", "0", null, "cg-system");

        var act = () => AddonManagerApp.StartAsync(options, _ => { }, CancellationToken.None).WaitAsync(TestTimeouts.Default, "start");

        await act.Should().ThrowAsync<AddonManagerOptionsException>();
    }
}
