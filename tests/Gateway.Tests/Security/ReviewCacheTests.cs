using ClusterGateway.Gateway.Security;
using ClusterGateway.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace ClusterGateway.Gateway.Tests.Security;

public sealed class ReviewCacheTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private int _reviews;

    [Fact(Timeout = 10_000)]
    public async Task GetOrReview_WithinTtl_ReviewsOnce()
    {
        var cache = new ReviewCache<string>(_time);

        for (var i = 0; i < 5; i++)
        {
            (await cache.GetOrReviewAsync("k", Review("v"), _ => Ttl, CancellationToken.None)).Should().Be("v");
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        _reviews.Should().Be(1);
    }

    [Fact(Timeout = 10_000)]
    public async Task GetOrReview_AfterTtl_ReviewsAgain()
    {
        var cache = new ReviewCache<string>(_time);
        await cache.GetOrReviewAsync("k", Review("old"), _ => Ttl, CancellationToken.None);

        _time.Advance(Ttl);
        var answer = await cache.GetOrReviewAsync("k", Review("new"), _ => Ttl, CancellationToken.None);

        answer.Should().Be("new");
        _reviews.Should().Be(2);
    }

    [Fact(Timeout = 10_000)]
    public async Task GetOrReview_TtlPerAnswer_ZeroIsNotCached()
    {
        var cache = new ReviewCache<string>(_time);
        Func<string, TimeSpan> ttl = a => a == "deny" ? TimeSpan.Zero : Ttl;

        await cache.GetOrReviewAsync("a", Review("deny"), ttl, CancellationToken.None);
        await cache.GetOrReviewAsync("a", Review("deny"), ttl, CancellationToken.None);
        await cache.GetOrReviewAsync("b", Review("allow"), ttl, CancellationToken.None);
        await cache.GetOrReviewAsync("b", Review("allow"), ttl, CancellationToken.None);

        _reviews.Should().Be(3);
        cache.Count.Should().Be(1);
    }

    [Fact(Timeout = 10_000)]
    public async Task GetOrReview_ConcurrentMisses_ShareOneReview()
    {
        var cache = new ReviewCache<string>(_time);
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        Func<CancellationToken, Task<string>> review = _ =>
        {
            Interlocked.Increment(ref started);
            return gate.Task;
        };

        var callers = Enumerable.Range(0, 8)
            .Select(_ => cache.GetOrReviewAsync("k", review, _ => Ttl, CancellationToken.None)).ToList();
        gate.SetResult("v");
        var answers = await Task.WhenAll(callers).WaitAsync(TestTimeouts.Short, "the shared review");

        answers.Should().AllBe("v");
        started.Should().Be(1);
    }

    [Fact(Timeout = 10_000)]
    public async Task GetOrReview_ReviewFails_NotCachedAndEveryWaiterSeesIt()
    {
        var cache = new ReviewCache<string>(_time);
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = cache.GetOrReviewAsync("k", _ => gate.Task, _ => Ttl, CancellationToken.None);
        var second = cache.GetOrReviewAsync("k", _ => gate.Task, _ => Ttl, CancellationToken.None);

        gate.SetException(new HttpRequestException("hub down"));

        await FluentActions.Awaiting(() => first).Should().ThrowAsync<HttpRequestException>();
        await FluentActions.Awaiting(() => second).Should().ThrowAsync<HttpRequestException>();
        (await cache.GetOrReviewAsync("k", Review("v"), _ => Ttl, CancellationToken.None)).Should().Be("v");
        _reviews.Should().Be(1);
    }

    [Fact(Timeout = 10_000)]
    public async Task GetOrReview_CallerCancels_OtherCallersStillGetTheAnswer()
    {
        var cache = new ReviewCache<string>(_time);
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();
        var impatient = cache.GetOrReviewAsync("k", _ => gate.Task, _ => Ttl, cancel.Token);
        var patient = cache.GetOrReviewAsync("k", _ => gate.Task, _ => Ttl, CancellationToken.None);

        await cancel.CancelAsync();
        gate.SetResult("v");

        await FluentActions.Awaiting(() => impatient).Should().ThrowAsync<OperationCanceledException>();
        (await patient.WaitAsync(TestTimeouts.Short, "the answer")).Should().Be("v");
    }

    [Fact(Timeout = 10_000)]
    public async Task GetOrReview_DifferentKeys_ReviewedSeparately()
    {
        var cache = new ReviewCache<string>(_time);

        await cache.GetOrReviewAsync("a", Review("1"), _ => Ttl, CancellationToken.None);
        (await cache.GetOrReviewAsync("b", Review("2"), _ => Ttl, CancellationToken.None)).Should().Be("2");

        _reviews.Should().Be(2);
    }

    private Func<CancellationToken, Task<string>> Review(string answer) => _ =>
    {
        Interlocked.Increment(ref _reviews);
        return Task.FromResult(answer);
    };
}
