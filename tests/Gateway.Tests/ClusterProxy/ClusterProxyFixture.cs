namespace ClusterGateway.Gateway.Tests.ClusterProxy;

/// <summary>One <see cref="ClusterProxyEnvironment"/> per konnectivity frontend, shared by the ClusterProxy tests.</summary>
public sealed class ClusterProxyFixture : IAsyncLifetime
{
    private readonly Dictionary<string, ClusterProxyEnvironment> _environments = new(StringComparer.Ordinal);

    public static TheoryData<string> Frontends => new() { "grpc", "http-connect" };

    internal ClusterProxyEnvironment For(string frontend) => _environments[frontend];

    public async Task InitializeAsync()
    {
        foreach (var frontend in Frontends)
        {
            _environments[frontend] = await ClusterProxyEnvironment.StartAsync(frontend);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var environment in _environments.Values)
        {
            await environment.DisposeAsync();
        }
    }
}
