using System.Globalization;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Gateway.Tests.Apiserver;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using Microsoft.AspNetCore.Http;
using static ClusterGateway.Gateway.Tests.Apiserver.WatchStream;

namespace ClusterGateway.Gateway.Tests.Acceptance;

/// <summary>
/// Hub mode, two gateway replicas on one hub: a watch resumed on the other replica, from the last resourceVersion the
/// client saw (as client-go does), continues with the same events or ends with an ERROR (410 Expired, or 504
/// ResourceVersionTooLarge while that replica is behind), never with a silent gap. A relist ends open watches with 410.
/// </summary>
public sealed class WatchResumeAcrossReplicasTests : IAsyncLifetime
{
    private const string Path = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways";

    /// <summary>Replica B reads the hub with its own token, so the hub can tell its requests apart.</summary>
    private const string ReplicaToken = "hub-token-replica-b";

    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _holdSecretWatchesOf;
    private HubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await HubEnvironment.StartAsync(configureHub: hub =>
    {
        hub.Tokens[ReplicaToken] = HubEnvironment.GatewayServiceAccount;
        hub.Intercept = HoldSecretWatchAsync;
    });

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _env.DisposeAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task ResumeOnTheOtherReplica_ContinuesWithTheSameEvents()
    {
        await using var replica = await StartReplicaAsync();
        using var a = _env.CreateGatewayClient();
        using var b = HubEnvironment.CreateClient(replica);
        var listed = await ListResourceVersionAsync(a);
        List<JsonObject> onA;
        await using (var watch = await OpenAsync(a, $"{Path}?watch=true&resourceVersion={listed}"))
        {
            PutClusters("c1", "c2", "c3", "c4");
            onA = await watch.ReadAsync(4, TestTimeouts.Default);
        }

        // The client saw two events on A, then reconnects to B.
        await using var resumed = await OpenAsync(b, $"{Path}?watch=true&resourceVersion={ResourceVersion(onA[1])}");
        var onB = await resumed.ReadAsync(2, TestTimeouts.Default);
        _env.Hub.Store.Delete(FakeResource.Secrets, HubEnvironment.SecretNamespace, "cluster-a");
        var live = (await resumed.NextAsync())!;

        onB.Select(Key).Should().Equal(onA.Skip(2).Select(Key));
        Key(live).Should().Be($"DELETED cluster-a {_env.Hub.Store.ResourceVersion}");
        onA.Select(e => long.Parse(ResourceVersion(e), CultureInfo.InvariantCulture)).Should().BeInAscendingOrder();
    }

    [Fact(Timeout = 120_000)]
    public async Task ResumeOnAReplicaThatIsBehind_AnswersTooLargeThenContinuesOnceItCaughtUp()
    {
        await using var replica = await StartReplicaAsync();
        using var a = _env.CreateGatewayClient();
        using var b = HubEnvironment.CreateClient(replica);
        var listed = await ListResourceVersionAsync(a);
        _holdSecretWatchesOf = ReplicaToken;
        _env.Hub.Store.TerminateWatches();
        await _held.Task.WaitAsync(TestTimeouts.Default);
        List<JsonObject> onA;
        await using (var watch = await OpenAsync(a, $"{Path}?watch=true&resourceVersion={listed}"))
        {
            PutClusters("c1", "c2", "c3");
            onA = await watch.ReadAsync(3, TestTimeouts.Default);
        }

        // B has not seen these Secret events: it cannot serve the rest yet and says so.
        await using (var behind = await OpenAsync(b, $"{Path}?watch=true&resourceVersion={ResourceVersion(onA[0])}"))
        {
            var error = (await behind.NextAsync(TestTimeouts.Default))!;
            Type(error).Should().Be("ERROR");
            error["object"]!["code"]!.GetValue<int>().Should().Be(504);
            error["object"]!["details"]!["causes"]![0]!["reason"]!.GetValue<string>().Should().Be("ResourceVersionTooLarge");
            (await behind.NextAsync()).Should().BeNull();
        }

        _release.TrySetResult();
        await using var resumed = await OpenAsync(b, $"{Path}?watch=true&resourceVersion={ResourceVersion(onA[0])}");
        var onB = await resumed.ReadAsync(2, TestTimeouts.Default);

        onB.Select(Key).Should().Equal(onA.Skip(1).Select(Key));
    }

    [Fact(Timeout = 120_000)]
    public async Task ResumeOnAReplicaThatStartedLater_FromBeforeItsFirstList_IsExpired()
    {
        using var a = _env.CreateGatewayClient();
        var listed = await ListResourceVersionAsync(a);
        List<JsonObject> onA;
        await using (var watch = await OpenAsync(a, $"{Path}?watch=true&resourceVersion={listed}"))
        {
            PutClusters("c1", "c2");
            onA = await watch.ReadAsync(2, TestTimeouts.Default);
        }

        await using var replica = await StartReplicaAsync();
        using var b = HubEnvironment.CreateClient(replica);
        await using var resumed = await OpenAsync(b, $"{Path}?watch=true&resourceVersion={ResourceVersion(onA[0])}");

        var error = (await resumed.NextAsync())!;
        Type(error).Should().Be("ERROR");
        error["object"]!["code"]!.GetValue<int>().Should().Be(410);
        error["object"]!["reason"]!.GetValue<string>().Should().Be("Expired");
        (await resumed.NextAsync()).Should().BeNull();
    }

    [Fact(Timeout = 240_000)]
    public async Task RelistChangingTenThousandClusters_EndsOpenWatchesWithExpiredAndResumesFromBeforeItAreExpired()
    {
        const int Count = 10_000;
        using var a = _env.CreateGatewayClient();
        var listed = await ListResourceVersionAsync(a);
        await using var watch = await OpenAsync(a, $"{Path}?watch=true&resourceVersion={listed}");
        PutClusters("c-first");
        var first = (await watch.NextAsync())!;

        // The gateway's Secret watch is down while 10,000 Secrets change and the hub compacts: it must relist.
        await _env.Hub.Store.WaitForWatchAsync(FakeResource.Secrets);
        _holdSecretWatchesOf = HubEnvironment.HubToken;
        _env.Hub.Store.TerminateWatches();
        await _held.Task.WaitAsync(TestTimeouts.Default);
        PutClusters([.. Enumerable.Range(0, Count).Select(i => $"bulk-{i:D5}")]);
        _env.Hub.Store.Compact();
        _release.TrySetResult();

        var error = (await watch.NextAsync(TestTimeouts.Long))!;
        Type(error).Should().Be("ERROR", "the relist's changes have no order: {0}", error.ToJsonString());
        error["object"]!["code"]!.GetValue<int>().Should().Be(410);
        error["object"]!["reason"]!.GetValue<string>().Should().Be("Expired");
        (await watch.NextAsync()).Should().BeNull();
        await using var resumed = await OpenAsync(a, $"{Path}?watch=true&resourceVersion={ResourceVersion(first)}");
        var refused = (await resumed.NextAsync())!;
        Type(refused).Should().Be("ERROR");
        refused["object"]!["code"]!.GetValue<int>().Should().Be(410);

        // What client-go does next: list again and watch from there.
        var list = JsonNode.Parse(await a.GetStringAsync(Path))!;
        list["items"]!.AsArray().Should().HaveCount(Count + 3);
        await using var rewatch = await OpenAsync(a, $"{Path}?watch=true&resourceVersion={(string)list["metadata"]!["resourceVersion"]!}");
        PutClusters("c-after");
        Key((await rewatch.NextAsync())!).Should().Be($"ADDED c-after {_env.Hub.Store.ResourceVersion}");
    }

    // Replica B, once its Secret watch is established at the hub (so TerminateWatches reaches it).
    private async Task<GatewayApp> StartReplicaAsync()
    {
        var before = _env.Hub.Store.WatchesStarted(FakeResource.Secrets);
        var replica = await _env.StartReplicaAsync(ReplicaToken);
        try
        {
            await _env.Hub.Store.WaitForWatchAsync(FakeResource.Secrets, before + 1);
            return replica;
        }
        catch
        {
            await replica.DisposeAsync();
            throw;
        }
    }

    private async Task<bool> HoldSecretWatchAsync(HttpContext context)
    {
        if (_holdSecretWatchesOf is { } token &&
            context.Request.Headers.Authorization.ToString() == $"Bearer {token}" &&
            context.Request.Path.Value!.EndsWith("/secrets", StringComparison.Ordinal) &&
            context.Request.Query.ContainsKey("watch"))
        {
            _held.TrySetResult();
            await _release.Task.WaitAsync(context.RequestAborted);
        }

        return false;
    }

    private void PutClusters(params string[] names)
    {
        foreach (var name in names)
        {
            _env.Hub.Store.Put(_env.TokenSecret(name, HubEnvironment.ClusterBToken));
        }
    }

    private static async Task<string> ListResourceVersionAsync(HttpClient client) =>
        (string)JsonNode.Parse(await client.GetStringAsync(Path))!["metadata"]!["resourceVersion"]!;


    private static string Key(JsonObject watchEvent) => $"{Type(watchEvent)} {Name(watchEvent)} {ResourceVersion(watchEvent)}";
}
