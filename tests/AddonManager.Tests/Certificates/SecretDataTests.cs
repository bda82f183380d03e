using System.Text;
using ClusterGateway.AddonManager.Certificates;

namespace ClusterGateway.AddonManager.Tests.Certificates;

public sealed class SecretDataTests
{
    [Fact]
    public void SignerState_RoundTrip_KeepsAllFields()
    {
        var state = new SignerState("crt", "key", "prev");

        SignerState.FromSecretData(state.ToSecretData()).Should().Be(state);
    }

    [Fact]
    public void SignerState_WithoutPrevious_OmitsPreviousKey()
    {
        new SignerState("crt", "key").ToSecretData().Keys.Should().BeEquivalentTo("tls.crt", "tls.key");
    }

    [Fact]
    public void SignerState_MissingKey_IsNull()
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["tls.crt"] = Encoding.UTF8.GetBytes("crt") };

        SignerState.FromSecretData(data).Should().BeNull();
        SignerState.FromSecretData(null).Should().BeNull();
    }

    [Fact]
    public void ServingCertState_RoundTrip_KeepsAllFields()
    {
        var state = new ServingCertState("crt", "key");

        ServingCertState.FromSecretData(state.ToSecretData()).Should().Be(state);
    }

    [Fact]
    public void ServiceDnsNames_For_ReturnsServiceNames()
    {
        ServiceDnsNames.For("svc", "ns").Should().Equal("svc", "svc.ns", "svc.ns.svc", "svc.ns.svc.cluster.local");
    }
}
