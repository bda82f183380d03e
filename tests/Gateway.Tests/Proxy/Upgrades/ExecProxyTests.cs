using ClusterGateway.Gateway.Tests.Acceptance;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy.Upgrades;

/// <summary>
/// Issue 4 acceptance: real kubectl exec, attach and cp through the gateway's proxy to fake managed clusters, over
/// WebSocket (<c>v5.channel.k8s.io</c>) and SPDY/3.1. Cluster a requires mTLS, cluster b a bearer token: the upgrade
/// leg must carry the same credential as any proxied call.
/// </summary>
public sealed class ExecProxyTests(HubEnvironmentFixture fixture) : IClassFixture<HubEnvironmentFixture>
{
    private readonly HubEnvironment _env = fixture.Env;

    public static TheoryData<string, string> ClustersAndTransports => new()
    {
        { "cluster-a", ProxiedKubectl.WebSocket },
        { "cluster-a", ProxiedKubectl.Spdy },
        { "cluster-b", ProxiedKubectl.WebSocket },
        { "cluster-b", ProxiedKubectl.Spdy },
    };

    public static TheoryData<string> Transports => new() { ProxiedKubectl.WebSocket, ProxiedKubectl.Spdy };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(ClustersAndTransports))]
    public async Task Exec_CatWithStdin_EchoesStdinThroughTheProxy(string cluster, string transport)
    {
        var pod = Pod(cluster, $"cat-{transport}");

        var result = await ProxiedKubectl.RunAsync(_env, cluster, transport, "hello\nthrough the gateway\n",
            "exec", "-i", pod, "--", "cat");

        result.ExitCode.Should().Be(0, result.StdErr);
        result.StdOut.Should().Be("hello\nthrough the gateway\n");
        ProxiedKubectl.SingleUpgrade(Cluster(cluster), $"/pods/{pod}/exec", transport);
        // Only an HTTP/1.1 inbound request is upgradable: the gateway took the upgrade path and, the session over,
        // closed the tunnel.
        await _env.Logs.WaitForAsync(l => l.Contains($"Upgraded connection to cluster {cluster} opened", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Short, "the gateway to log the upgraded connection");
        await _env.Logs.WaitForAsync(l => l.Contains($"Upgraded connection to cluster {cluster} (", StringComparison.Ordinal)
                && l.Contains(") closed after", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Short, "the gateway to close the tunnel");
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Transports))]
    public async Task Exec_NonZeroExit_BecomesKubectlExitCode(string transport)
    {
        var pod = Pod("cluster-b", $"exit-{transport}");

        var result = await ProxiedKubectl.RunAsync(_env, "cluster-b", transport, null,
            "exec", pod, "--", "sh", "-c", "exit 3");

        result.ExitCode.Should().Be(3, result.StdErr);
        result.StdErr.Should().Contain("command terminated with exit code 3");
        ProxiedKubectl.SingleUpgrade(_env.ClusterB, $"/pods/{pod}/exec", transport);
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(ClustersAndTransports))]
    public async Task Exec_UpgradeRequest_CarriesOnlyTheClusterCredentialAndTheRawQuery(string cluster,
        string transport)
    {
        var pod = Pod(cluster, $"cred-{transport}");
        var target = Cluster(cluster);

        var result = await ProxiedKubectl.RunAsync(_env, cluster, transport, null,
            "exec", pod, "--", "sh", "-c", "echo hi");

        result.ExitCode.Should().Be(0, result.StdErr);
        result.StdOut.Should().Be("hi\n");
        var upgrade = ProxiedKubectl.SingleUpgrade(target, $"/pods/{pod}/exec", transport);
        upgrade.PathAndQuery.Should().Contain("command=sh&command=-c&command=echo+hi");
        upgrade.Header("Authorization").Should().NotBe($"Bearer {_env.Gateway.Token}");
        if (cluster == "cluster-a")
        {
            upgrade.User.Should().Be("cluster-gateway");
            upgrade.Header("Authorization").Should().BeNull();
        }
        else
        {
            upgrade.User.Should().Be("cluster-b-admin");
            upgrade.Header("Authorization").Should().Be($"Bearer {HubEnvironment.ClusterBToken}");
        }
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Transports))]
    public async Task Exec_UpstreamForbids_RelaysTheStatusToKubectl(string transport)
    {
        var pod = Pod("cluster-b", $"locked-{transport}");
        var previous = _env.ClusterB.Options.Authorize;
        _env.ClusterB.Options.Authorize = r => r.Name != pod || r.Subresource != "exec";
        try
        {
            var result = await ProxiedKubectl.RunAsync(_env, "cluster-b", transport, null, "exec", pod, "--", "true");

            result.ExitCode.Should().NotBe(0);
            result.StdErr.Should().Contain($"pods \"{pod}\" is forbidden").And.Contain("pods/exec");
        }
        finally
        {
            _env.ClusterB.Options.Authorize = previous;
        }
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Transports))]
    public async Task Attach_WithStdin_EchoesInput(string transport)
    {
        var pod = Pod("cluster-a", $"attach-{transport}");

        var result = await ProxiedKubectl.RunAsync(_env, "cluster-a", transport, "attached\n",
            "attach", "-i", "-q", pod);

        result.ExitCode.Should().Be(0, result.StdErr);
        result.StdOut.Should().Be("attached\n");
        ProxiedKubectl.SingleUpgrade(_env.ClusterA, $"/pods/{pod}/attach", transport);
    }

    [Theory(Timeout = 90_000)]
    [MemberData(nameof(Transports))]
    public async Task Cp_ToPodAndBack_RoundTripsTheFile(string transport)
    {
        var pod = Pod("cluster-b", $"cp-{transport}");
        var source = Path.Combine(_env.Directory, $"cp-{transport}.txt");
        var copy = Path.Combine(_env.Directory, $"cp-{transport}.back.txt");
        await File.WriteAllTextAsync(source, $"copied over {transport}\n");

        var upload = await ProxiedKubectl.RunAsync(_env, "cluster-b", transport, null, "cp", source, $"{pod}:/tmp/data.txt");
        upload.ExitCode.Should().Be(0, upload.StdErr);
        var cat = await ProxiedKubectl.RunAsync(_env, "cluster-b", transport, null, "exec", pod, "--", "cat", "/tmp/data.txt");
        cat.StdOut.Should().Be($"copied over {transport}\n", cat.StdErr);
        var download = await ProxiedKubectl.RunAsync(_env, "cluster-b", transport, null, "cp", $"{pod}:/tmp/data.txt", copy);

        download.ExitCode.Should().Be(0, download.StdErr);
        (await File.ReadAllTextAsync(copy)).Should().Be($"copied over {transport}\n");
    }

    private FakeApiServer Cluster(string cluster) => cluster == "cluster-a" ? _env.ClusterA : _env.ClusterB;

    private string Pod(string cluster, string name)
    {
        Cluster(cluster).Store.Put(FakePods.Running(name));
        return name;
    }
}
