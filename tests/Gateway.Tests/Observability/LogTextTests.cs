using ClusterGateway.Gateway.Observability;

namespace ClusterGateway.Gateway.Tests.Observability;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("/api/v1/x\n12:00:00 INF forged", "/api/v1/x\\n12:00:00 INF forged")]
    [InlineData("a\r\nb\tc", "a\\r\\nb\\tc")]
    [InlineData("\u001b[31mred", "\\x1b[31mred")]
    [InlineData("nul\0del\u007f", "nul\\x00del\\x7f")]
    [InlineData("c1\u0085line\u2028sep\u202Eevil", "c1\\u0085line\\u2028sep\\u202eevil")]
    [InlineData(null, "")]
    public void Escape_ControlAndInvisibleCharacters_Escaped(string? value, string expected) =>
        LogText.Escape(value).Should().Be(expected);

    [Fact]
    public void Escape_OrdinaryText_ReturnedAsIs()
    {
        const string Text = "User \"alice\" cannot get path \"/c:\\x\" é 日本";

        LogText.Escape(Text).Should().BeSameAs(Text);
    }
}
