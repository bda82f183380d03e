using System.Net;
using System.Text;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Acceptance;

/// <summary>
/// Issue 2 acceptance, local mode: the README's run command (the real binary) with an imported kubeconfig, and a
/// watched folder of Secret manifests.
/// </summary>
public sealed class LocalModeTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cg-local-" + Guid.NewGuid().ToString("N")[..8]);
    private FakeApiServer _tokenCluster = null!;
    private FakeApiServer _mtlsCluster = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _tokenCluster = await FakeApiServer.StartAsync(new FakeApiServerOptions { Name = "dev", Tokens = { ["dev-token"] = "dev-admin" } });
        _mtlsCluster = await FakeApiServer.StartAsync(new FakeApiServerOptions { Name = "prod", RequireClientCertificate = true });
    }

    public async Task DisposeAsync()
    {
        await _tokenCluster.DisposeAsync();
        await _mtlsCluster.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact(Timeout = 120_000)]
    public async Task ReadmeRunCommand_ImportedKubeconfig_ServesEveryContextAndRequiresTheToken()
    {
        var imported = Path.Combine(_directory, "clusters.kubeconfig");
        await File.WriteAllTextAsync(imported, ImportedKubeconfig());
        var written = Path.Combine(_directory, "gateway.kubeconfig");

        // README: dotnet run --project src/Gateway -- --import-kubeconfig FILE --write-kubeconfig PATH
        // (the port is free-picked here so parallel test runs cannot collide on 9443).
        await using var gateway = GatewayProcess.Start(
            "--import-kubeconfig", imported, "--write-kubeconfig", written, "--secure-port", "0");
        var url = await gateway.Serving.WaitAsync(TestTimeouts.Long, "the gateway to print its URL");

        var list = await Kubectl.RunAsync(written, ["get", "clustergateways"], timeout: TestTimeouts.Default);
        list.ExitCode.Should().Be(0, list.StdErr + gateway.Output);
        list.StdOut.Should().Contain("NAME").And.Contain("kind-dev").And.Contain("prod-admin-prod");

        var server = $"{url.GetLeftPart(UriPartial.Authority)}/apis/cluster.core.oam.dev/v1alpha1/clustergateways";
        var viaDev = await Kubectl.RunAsync(written, ["--server", $"{server}/kind-dev/proxy", "create", "configmap", "hello"],
            timeout: TestTimeouts.Default);
        viaDev.ExitCode.Should().Be(0, viaDev.StdErr);
        _tokenCluster.Store.Get(FakeResource.ConfigMaps, "default", "hello").Should().NotBeNull();
        var viaProd = await Kubectl.RunAsync(written, ["--server", $"{server}/prod-admin-prod/proxy", "get", "ns"],
            timeout: TestTimeouts.Default);
        viaProd.ExitCode.Should().Be(0, viaProd.StdErr);
        viaProd.StdOut.Should().Contain("default");

        using var anonymous = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        });
        using var response = await anonymous.GetAsync(new Uri(url, "/apis/cluster.core.oam.dev/v1alpha1/clustergateways"));
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"reason\":\"Unauthorized\"");
    }

    [Fact(Timeout = 240_000)]
    public async Task ReadmeQuickstart_RunCommandAsWritten_ServesTheSampleCluster()
    {
        var root = RepositoryPaths.Root;
        var command = File.ReadLines(Path.Combine(root, "README.md"))
            .First(l => l.StartsWith("dotnet run --project src/Gateway -- ", StringComparison.Ordinal));
        var args = command["dotnet ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var written = Path.Combine(_directory, "quickstart.kubeconfig");
        args[args.IndexOf("--write-kubeconfig") + 1] = written;
        // Only the port differs from the README, so test runs never collide on 9443.
        args.AddRange(["--secure-port", "0"]);

        // Exactly as a user runs it: dotnet run from the repository root (an up-to-date build is quick).
        await using var gateway = GatewayProcess.StartDotnet(root, args);
        await gateway.Serving.WaitAsync(TimeSpan.FromMinutes(2), "the README command to start the gateway");

        var list = await Kubectl.RunAsync(written, ["get", "clustergateways"], timeout: TestTimeouts.Default);
        list.ExitCode.Should().Be(0, list.StdErr + gateway.Output);
        list.StdOut.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Should()
            .Equal("example", "ServiceAccountToken", "Const", "false");
    }

    [Fact(Timeout = 60_000)]
    public async Task ClustersDir_FileAddedChangedRemoved_RegistryFollows()
    {
        var clusters = Path.Combine(_directory, "clusters");
        Directory.CreateDirectory(clusters);
        await File.WriteAllTextAsync(Path.Combine(clusters, "other.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        await using var app = await GatewayApp.StartAsync(new GatewayOptions
        {
            ClustersDir = clusters, SecurePort = 0, WriteKubeconfig = Path.Combine(_directory, "gw.kubeconfig"),
        }, _ => { }, CancellationToken.None);
        app.Registry.Snapshot.Should().BeEmpty();

        var file = Path.Combine(clusters, "dev.yaml");
        await File.WriteAllTextAsync(file, DevSecret("dev-token") + "---\n" + DevSecret("x", name: "broken", withEndpoint: false));
        await WaitFor(app, r => r.Snapshot.TryGetValue("dev", out var e) && e.IsValid && r.Snapshot.ContainsKey("broken"));
        app.Registry.Snapshot["broken"].Error.Should().Contain("endpoint");

        var proxied = await Kubectl.RunAsync(Path.Combine(_directory, "gw.kubeconfig"),
            ["--server", $"{app.Url.GetLeftPart(UriPartial.Authority)}/apis/cluster.core.oam.dev/v1alpha1/clustergateways/dev/proxy", "get", "ns", "default"],
            timeout: TestTimeouts.Default);
        proxied.ExitCode.Should().Be(0, proxied.StdErr);

        await File.WriteAllTextAsync(file, DevSecret("rotated"));
        await WaitFor(app, r => r.Snapshot.TryGetValue("dev", out var e)
            && e.Gateway?.Spec.Access.Credential?.ServiceAccountToken == "rotated" && !r.Snapshot.ContainsKey("broken"));

        File.Delete(file);
        await WaitFor(app, r => r.Snapshot.IsEmpty);
    }

    private static Task WaitFor(GatewayApp app, Func<IClusterRegistry, bool> condition) =>
        app.Registry.WaitForAsync(condition, "the registry to follow the folder");

    private string DevSecret(string token, string name = "dev", bool withEndpoint = true) => $"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: {name}
          labels:
            cluster.core.oam.dev/cluster-credential-type: ServiceAccountToken
        stringData:
          {(withEndpoint ? $"endpoint: {_tokenCluster.Url}" : "namespace: x")}
          token: {token}
          ca.crt: |
        {Indent(_tokenCluster.CaPem, 4)}
        """ + "\n";

    private string ImportedKubeconfig()
    {
        var client = _mtlsCluster.Ca.IssueClientCertificate("prod-admin");
        var (certificate, key) = TestCertificateAuthority.ExportPem(client);
        static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: dev
              cluster:
                server: {_tokenCluster.Url}
                certificate-authority-data: {B64(_tokenCluster.CaPem)}
            - name: prod
              cluster:
                server: {_mtlsCluster.Url}
                certificate-authority-data: {B64(_mtlsCluster.CaPem)}
            users:
            - name: dev
              user:
                token: dev-token
            - name: prod-admin
              user:
                client-certificate-data: {B64(certificate)}
                client-key-data: {B64(key)}
            contexts:
            - name: kind-dev
              context:
                cluster: dev
                user: dev
            - name: prod-admin@prod
              context:
                cluster: prod
                user: prod-admin
            current-context: kind-dev
            """;
    }

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.TrimEnd().Split('\n').Select(l => new string(' ', spaces) + l));
}
