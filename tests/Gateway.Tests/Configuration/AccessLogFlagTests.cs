using ClusterGateway.Gateway.Configuration;
using Microsoft.Extensions.Configuration;

namespace ClusterGateway.Gateway.Tests.Configuration;

public sealed class AccessLogFlagTests
{
    [Fact]
    public void Default_On() => Parse([]).AccessLog.Should().BeTrue();

    [Theory]
    [InlineData("--access-log=false", false)]
    [InlineData("--access-log=true", true)]
    [InlineData("--access-log", true)]
    public void Flag_TurnsItOnOrOff(string arg, bool expected) => Parse([arg]).AccessLog.Should().Be(expected);

    [Fact]
    public void Environment_TurnsItOff() =>
        Parse([], new() { [GatewayFlags.AccessLog.EnvironmentVariable] = "false" }).AccessLog.Should().BeFalse();

    private static GatewayOptions Parse(string[] args, Dictionary<string, string>? environment = null)
    {
        var (command, flags) = GatewayCommandLine.Build();
        var result = command.Parse(args);
        result.Errors.Should().BeEmpty();
        var values = GatewayCommandLine.ToConfiguration(result, flags,
            name => environment is not null && environment.TryGetValue(name, out var v) ? v : null);
        return GatewayOptions.From(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }
}
