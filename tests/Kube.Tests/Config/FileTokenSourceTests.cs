using ClusterGateway.Kube.Config;
using Microsoft.Extensions.Time.Testing;

namespace ClusterGateway.Kube.Tests.Config;

public sealed class FileTokenSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("token-").FullName;
    private readonly FakeTimeProvider _time = new();

    private string TokenPath => Path.Combine(_dir, "token");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact(Timeout = 30_000)]
    public async Task GetToken_WithinPeriod_ReturnsCachedToken()
    {
        File.WriteAllText(TokenPath, " first \n");
        var source = new FileTokenSource(TokenPath, TimeSpan.FromMinutes(1), _time);

        (await source.GetTokenAsync(CancellationToken.None)).Should().Be("first");
        File.WriteAllText(TokenPath, "second");
        _time.Advance(TimeSpan.FromSeconds(59));

        (await source.GetTokenAsync(CancellationToken.None)).Should().Be("first");
    }

    [Fact(Timeout = 30_000)]
    public async Task GetToken_AfterPeriod_RereadsTheFile()
    {
        File.WriteAllText(TokenPath, "first");
        var source = new FileTokenSource(TokenPath, timeProvider: _time);
        (await source.GetTokenAsync(CancellationToken.None)).Should().Be("first");

        File.WriteAllText(TokenPath, "rotated");
        _time.Advance(TimeSpan.FromMinutes(1));

        (await source.GetTokenAsync(CancellationToken.None)).Should().Be("rotated");
    }

    [Fact(Timeout = 30_000)]
    public async Task GetToken_RereadFails_KeepsLastGoodToken()
    {
        File.WriteAllText(TokenPath, "good");
        var source = new FileTokenSource(TokenPath, TimeSpan.FromSeconds(10), _time);
        (await source.GetTokenAsync(CancellationToken.None)).Should().Be("good");

        File.Delete(TokenPath);
        _time.Advance(TimeSpan.FromSeconds(10));

        (await source.GetTokenAsync(CancellationToken.None)).Should().Be("good");
    }

    [Fact(Timeout = 30_000)]
    public async Task GetToken_FirstReadFails_Throws()
    {
        var source = new FileTokenSource(TokenPath, timeProvider: _time);

        var act = async () => await source.GetTokenAsync(CancellationToken.None);

        await act.Should().ThrowAsync<IOException>();
    }

    [Fact(Timeout = 30_000)]
    public async Task StaticTokenSource_ReturnsItsToken() =>
        (await new StaticTokenSource("abc").GetTokenAsync(CancellationToken.None)).Should().Be("abc");
}
