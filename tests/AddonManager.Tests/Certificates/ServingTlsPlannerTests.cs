using ClusterGateway.AddonManager.Certificates;
using Microsoft.Extensions.Time.Testing;

namespace ClusterGateway.AddonManager.Tests.Certificates;

public sealed class ServingTlsPlannerTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly TlsPolicy Policy = TlsPolicy.Default with
    {
        SignerValidity = TimeSpan.FromDays(10),
        ServingValidity = TimeSpan.FromDays(2),
        RotationOverlap = TimeSpan.FromHours(1),
        ClockSkew = TimeSpan.FromMinutes(1),
    };

    private static readonly IReadOnlyList<string> Sans = ServiceDnsNames.For("cluster-gateway", "gw");

    private readonly FakeTimeProvider _clock = new(Start);

    private ServingTlsPlanner Planner => new(_clock, Policy);

    [Fact]
    public void Plan_NoState_CreatesSignerAndServingChainedToBundleWithSans()
    {
        var plan = Planner.Plan(null, null, Sans);

        plan.SignerChanged.Should().BeTrue();
        plan.ServingChanged.Should().BeTrue();
        plan.SignerSecretData.Should().ContainKeys("tls.crt", "tls.key");
        plan.ServingSecretData.Should().ContainKeys("tls.crt", "tls.key");
        var bundle = TlsAssertions.BundleCertificates(plan.CaBundlePem);
        bundle.Should().ContainSingle();
        TlsAssertions.ChainRoot(plan.Serving, bundle, _clock.GetUtcNow()).Should().NotBeNull();
        TlsAssertions.DnsNames(plan.Serving).Should().BeEquivalentTo(
            "cluster-gateway", "cluster-gateway.gw", "cluster-gateway.gw.svc", "cluster-gateway.gw.svc.cluster.local");
    }

    [Fact]
    public void Plan_NothingDue_IsNoOp()
    {
        var first = Planner.Plan(null, null, Sans);
        _clock.Advance(TimeSpan.FromDays(1.5));

        var second = Planner.Plan(first.Signer, first.Serving, Sans);

        second.IsNoOp.Should().BeTrue();
        second.SignerSecretData.Should().BeNull();
        second.ServingSecretData.Should().BeNull();
        second.Signer.Should().BeSameAs(first.Signer);
        second.Serving.Should().BeSameAs(first.Serving);
        second.CaBundlePem.Should().Be(first.CaBundlePem);
    }

    [Fact]
    public void Plan_ServingPast80PercentOfLife_RenewsServing()
    {
        var first = Planner.Plan(null, null, Sans);
        _clock.Advance(TimeSpan.FromDays(1.7));

        var second = Planner.Plan(first.Signer, first.Serving, Sans);

        second.SignerChanged.Should().BeFalse();
        second.ServingChanged.Should().BeTrue();
        second.Serving.CertificatePem.Should().NotBe(first.Serving.CertificatePem);
        var bundle = TlsAssertions.BundleCertificates(second.CaBundlePem);
        TlsAssertions.ChainRoot(second.Serving, bundle, _clock.GetUtcNow()).Should().NotBeNull();
    }

    [Fact]
    public void Plan_SansChanged_ReissuesServing()
    {
        var first = Planner.Plan(null, null, Sans);
        var newSans = ServiceDnsNames.For("cluster-gateway", "other");

        var second = Planner.Plan(first.Signer, first.Serving, newSans);

        second.SignerChanged.Should().BeFalse();
        second.ServingChanged.Should().BeTrue();
        TlsAssertions.DnsNames(second.Serving).Should().BeEquivalentTo(newSans);
    }

    [Fact]
    public void Plan_SansDifferOnlyInCase_KeepsServing()
    {
        var first = Planner.Plan(null, null, Sans);

        var second = Planner.Plan(first.Signer, first.Serving, [.. Sans.Select(s => s.ToUpperInvariant())]);

        second.IsNoOp.Should().BeTrue();
    }

    [Fact]
    public void Plan_ServingSignedByOtherCa_ReissuesServing()
    {
        var foreign = Planner.Plan(null, null, Sans);
        var own = Planner.Plan(null, null, Sans);

        var plan = Planner.Plan(own.Signer, foreign.Serving, Sans);

        plan.SignerChanged.Should().BeFalse();
        plan.ServingChanged.Should().BeTrue();
        var ownRoot = TlsAssertions.BundleCertificates(own.CaBundlePem);
        TlsAssertions.ChainRoot(plan.Serving, ownRoot, _clock.GetUtcNow()).Should().NotBeNull();
    }

    [Fact]
    public void Plan_SignerPast80PercentOfLife_RotatesWithBothCasInBundle()
    {
        var first = Planner.Plan(null, null, Sans);
        var oldCa = TlsAssertions.Thumbprint(first.Signer.CertificatePem);
        _clock.Advance(TimeSpan.FromDays(8.1));

        var plan = Planner.Plan(first.Signer, first.Serving, Sans);

        plan.SignerChanged.Should().BeTrue();
        plan.ServingChanged.Should().BeTrue();
        plan.Signer.PreviousCertificatePem.Should().NotBeNull();
        plan.SignerSecretData.Should().ContainKey("previous-ca.crt");
        var bundle = TlsAssertions.BundleCertificates(plan.CaBundlePem);
        bundle.Select(c => c.Thumbprint).Should().BeEquivalentTo(
            [TlsAssertions.Thumbprint(plan.Signer.CertificatePem), oldCa]);
        var root = TlsAssertions.ChainRoot(plan.Serving, bundle, _clock.GetUtcNow());
        root.Should().NotBeNull();
        root!.Thumbprint.Should().Be(TlsAssertions.Thumbprint(plan.Signer.CertificatePem));
    }

    [Fact]
    public void Plan_DuringOverlap_KeepsBothCas()
    {
        var first = Planner.Plan(null, null, Sans);
        _clock.Advance(TimeSpan.FromDays(8.1));
        var rotated = Planner.Plan(first.Signer, first.Serving, Sans);
        _clock.Advance(TimeSpan.FromMinutes(30));

        var plan = Planner.Plan(rotated.Signer, rotated.Serving, Sans);

        plan.IsNoOp.Should().BeTrue();
        TlsAssertions.BundleCertificates(plan.CaBundlePem).Should().HaveCount(2);
    }

    [Fact]
    public void Plan_AfterOverlapWithServingFromCurrentCa_DropsPreviousCa()
    {
        var first = Planner.Plan(null, null, Sans);
        _clock.Advance(TimeSpan.FromDays(8.1));
        var rotated = Planner.Plan(first.Signer, first.Serving, Sans);
        _clock.Advance(TimeSpan.FromHours(2));

        var plan = Planner.Plan(rotated.Signer, rotated.Serving, Sans);

        plan.SignerChanged.Should().BeTrue();
        plan.ServingChanged.Should().BeFalse();
        plan.Signer.PreviousCertificatePem.Should().BeNull();
        plan.Signer.CertificatePem.Should().Be(rotated.Signer.CertificatePem);
        TlsAssertions.BundleCertificates(plan.CaBundlePem).Should().ContainSingle();
        Planner.Plan(plan.Signer, plan.Serving, Sans).IsNoOp.Should().BeTrue();
    }

    [Fact]
    public void Plan_AfterOverlapWithServingFromOldCa_KeepsPreviousCaUntilServingReplaced()
    {
        var first = Planner.Plan(null, null, Sans);
        _clock.Advance(TimeSpan.FromDays(8.1));
        var rotated = Planner.Plan(first.Signer, first.Serving, Sans);
        _clock.Advance(TimeSpan.FromHours(2));

        // The serving Secret write was lost: the stored certificate is still the one the old CA signed.
        var plan = Planner.Plan(rotated.Signer, first.Serving, Sans);

        plan.ServingChanged.Should().BeTrue();
        plan.Signer.PreviousCertificatePem.Should().NotBeNull();
        TlsAssertions.BundleCertificates(plan.CaBundlePem).Should().HaveCount(2);
    }

    [Fact]
    public void Plan_UnparsableSigner_CreatesFreshSigner()
    {
        var plan = Planner.Plan(new SignerState("garbage", "garbage"), null, Sans);

        plan.SignerChanged.Should().BeTrue();
        plan.Signer.PreviousCertificatePem.Should().BeNull();
        TlsAssertions.ChainRoot(plan.Serving, TlsAssertions.BundleCertificates(plan.CaBundlePem), _clock.GetUtcNow())
            .Should().NotBeNull();
    }

    [Fact]
    public void Plan_NoSans_Throws()
    {
        var act = () => Planner.Plan(null, null, []);

        act.Should().Throw<ArgumentException>();
    }
}
