using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Fidelity;

/// <summary>A fake API server, a temp directory with an admin (token) kubeconfig, and one kubectl version.</summary>
public sealed class KubectlEnvironment : IAsyncDisposable
{
    public const string AdminToken = "admin-token";

    private KubectlEnvironment(FakeApiServer server, string directory, KubectlRunner kubectl)
    {
        Server = server;
        Directory = directory;
        Kubectl = kubectl;
        Kubeconfig = server.WriteKubeconfig(directory, token: AdminToken);
    }

    public FakeApiServer Server { get; }

    public FakeObjectStore Store => Server.Store;

    public string Directory { get; }

    public string Kubeconfig { get; }

    public KubectlRunner Kubectl { get; }

    /// <summary>
    /// Versions to run fidelity theories with: the default kubectl, 1.27 and 1.33 when installed; env
    /// <c>FIDELITY_KUBECTL_VERSIONS</c> (e.g. <c>1.27,1.28,1.29,1.30,1.31,1.32,1.33</c>) overrides the extra ones.
    /// </summary>
    public static TheoryData<string> Versions
    {
        get
        {
            var versions = new TheoryData<string> { "default" };
            var extra = Environment.GetEnvironmentVariable("FIDELITY_KUBECTL_VERSIONS") is { Length: > 0 } list
                ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : ["1.27", "1.33"];
            foreach (var v in extra)
            {
                if (TestSupport.Kubectl.FindVersion(v) is not null)
                {
                    versions.Add(v);
                }
            }

            return versions;
        }
    }

    public static async Task<KubectlEnvironment> StartAsync(string version = "default",
        FakeApiServerOptions? options = null)
    {
        options ??= new FakeApiServerOptions();
        options.Tokens[AdminToken] = "admin";
        var server = await FakeApiServer.StartAsync(options);
        var directory = Path.Combine(Path.GetTempPath(), "fidelity-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return new KubectlEnvironment(server, directory, TestSupport.Kubectl.Version(version));
    }

    public Task<KubectlResult> RunAsync(params string[] args) => Kubectl.RunAsync(Kubeconfig, args);

    public Task<KubectlResult> RunWithInputAsync(string stdin, params string[] args) =>
        Kubectl.RunAsync(Kubeconfig, args, stdin);

    public Task<KubectlResult> RunAsAsync(string kubeconfig, params string[] args) =>
        Kubectl.RunAsync(kubeconfig, args);

    public KubectlProcess Start(params string[] args) => Kubectl.Start(Kubeconfig, args);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
