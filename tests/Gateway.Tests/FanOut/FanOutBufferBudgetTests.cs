using System.Net;
using ClusterGateway.Gateway.FanOut;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>The gateway-wide budget of buffered fan-out list bodies.</summary>
public sealed class FanOutBufferBudgetTests
{
    private static readonly string List = """{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"7"},"items":[]}""";

    [Fact(Timeout = 10_000)]
    public async Task AnswerHoldsItsBodyBytesUntilDisposed_ThenReturnsThem()
    {
        var budget = new FanOutBufferBudget(10_000);
        var answer = await FanOutClusterAnswer.FetchAsync(new CannedMember("c1", HttpStatusCode.OK, List), "",
            TimeSpan.FromSeconds(5), budget, CancellationToken.None);

        answer.Failure.Should().BeNull();
        budget.Available.Should().Be(10_000 - List.Length);
        answer.Dispose();
        budget.Available.Should().Be(10_000);
    }

    [Fact(Timeout = 10_000)]
    public async Task BodyOverTheBudget_FailsThatCluster_AndHoldsNothing()
    {
        var budget = new FanOutBufferBudget(List.Length - 1);
        using var answer = await FanOutClusterAnswer.FetchAsync(new CannedMember("c1", HttpStatusCode.OK, List), "",
            TimeSpan.FromSeconds(5), budget, CancellationToken.None);

        answer.Document.Should().BeNull();
        answer.Failure!.Status.Code.Should().Be(503);
        answer.Failure.Status.Message.Should().Contain("fan-out list bytes");
        budget.Available.Should().Be(List.Length - 1);
    }

    [Fact(Timeout = 10_000)]
    public async Task BudgetTakenByOneAnswer_IsAvailableToTheNextOnceDisposed()
    {
        var budget = new FanOutBufferBudget(List.Length);
        var first = await FanOutClusterAnswer.FetchAsync(new CannedMember("c1", HttpStatusCode.OK, List), "",
            TimeSpan.FromSeconds(5), budget, CancellationToken.None);
        using (var refused = await FanOutClusterAnswer.FetchAsync(new CannedMember("c2", HttpStatusCode.OK, List), "",
                   TimeSpan.FromSeconds(5), budget, CancellationToken.None))
        {
            refused.Failure.Should().NotBeNull("the first answer holds the whole budget");
        }

        first.Dispose();
        using var second = await FanOutClusterAnswer.FetchAsync(new CannedMember("c2", HttpStatusCode.OK, List), "",
            TimeSpan.FromSeconds(5), budget, CancellationToken.None);
        second.Failure.Should().BeNull();
    }
}
