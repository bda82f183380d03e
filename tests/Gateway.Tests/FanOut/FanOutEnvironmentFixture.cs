namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>One <see cref="FanOutEnvironment"/> shared by the tests of a class that leave it as they found it.</summary>
public sealed class FanOutEnvironmentFixture : IAsyncLifetime
{
    internal FanOutEnvironment Env { get; private set; } = null!;

    public async Task InitializeAsync() => Env = await FanOutEnvironment.StartAsync();

    public async Task DisposeAsync() => await Env.DisposeAsync();
}
