using ClusterGateway.Gateway.Tests.Support;

namespace ClusterGateway.Gateway.Tests.Acceptance;

/// <summary>One <see cref="HubEnvironment"/> (default Secrets) shared by the read-only tests of a class.</summary>
public sealed class HubEnvironmentFixture : IAsyncLifetime
{
    internal HubEnvironment Env { get; private set; } = null!;

    public async Task InitializeAsync() => Env = await HubEnvironment.StartAsync();

    public async Task DisposeAsync() => await Env.DisposeAsync();
}
