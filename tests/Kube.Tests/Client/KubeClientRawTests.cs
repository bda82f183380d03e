using System.Text.Json.Nodes;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Models;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.Kube.Tests.Client;

/// <summary><see cref="KubeClient.GetRawAsync"/>.</summary>
public sealed class KubeClientRawTests
{
    private static readonly ResourceKind Widgets = new("example.com", "v1", "widgets", "Widget", false);

    [Fact(Timeout = 30_000)]
    public async Task GetRaw_Healthz_ReturnsTextBodyAndSendsToken()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);

        var response = await client.GetRawAsync("/healthz?verbose=false");

        response.StatusCode.Should().Be(200);
        response.Body.Should().Be("ok");
        response.ContentType.Should().Be("text/plain");
        response.Truncated.Should().BeFalse();
        server.Requests.Snapshot().Should().Contain(r => r.PathAndQuery == "/healthz?verbose=false" && r.User == FakeServers.User);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetRaw_StatusError_ThrowsWithTheServersStatus()
    {
        await using var server = await FakeServers.StartAsync(async context =>
        {
            context.Response.StatusCode = 503;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"cluster b is unreachable","reason":"ServiceUnavailable","code":503}""");
            return true;
        });
        using var client = FakeServers.Client(server);

        var act = () => client.GetRawAsync("/apis/cluster.core.oam.dev/v1alpha1/clustergateways/b/proxy/healthz");

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.Code.Should().Be(503);
        error.Status.Message.Should().Be("cluster b is unreachable");
    }

    [Fact(Timeout = 30_000)]
    public async Task GetRaw_PlainTextError_ThrowsWithSynthesizedStatus()
    {
        await using var server = await FakeServers.StartAsync(async context =>
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("[-]etcd failed\nhealthz check failed");
            return true;
        });
        using var client = FakeServers.Client(server);

        var act = () => client.GetRawAsync("/healthz");

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.Reason.Should().Be("InternalError");
        error.Status.Message.Should().Contain("healthz check failed");
    }

    [Fact(Timeout = 30_000)]
    public async Task GetRaw_BodyOverTheLimit_IsTruncated()
    {
        await using var server = await FakeServers.StartAsync(async context =>
        {
            await context.Response.WriteAsync(new string('x', KubeClient.MaxRawBodyBytes + 10));
            return true;
        });
        using var client = FakeServers.Client(server);

        var response = await client.GetRawAsync("/big");

        response.Truncated.Should().BeTrue();
        response.Body.Should().HaveLength(KubeClient.MaxRawBodyBytes);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetRaw_Hangs_ThrowsTimeoutAfterRequestTimeout()
    {
        await using var server = await FakeServers.StartAsync(async context =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
            return true;
        });
        using var client = new KubeClient(FakeServers.Options(server) with { RequestTimeout = TimeSpan.FromMilliseconds(200) });

        var act = () => client.GetRawAsync("/healthz");

        await act.Should().ThrowAsync<TimeoutException>();
    }

    [Fact(Timeout = 30_000)]
    public async Task GetRaw_RelativePath_Throws()
    {
        using var client = new KubeClient(new Kube.Config.KubeClientOptions { Server = new Uri("https://127.0.0.1:1") });

        var act = () => client.GetRawAsync("healthz");

        await act.Should().ThrowAsync<ArgumentException>();
    }
}
