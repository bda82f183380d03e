using System.Net;
using ClusterGateway.Kube.Client;

namespace ClusterGateway.Kube.Tests.Client;

public sealed class StatusFactoryTests
{
    [Fact]
    public void FromResponse_StatusBody_IsUsedAsIs()
    {
        var status = StatusFactory.FromResponse(HttpStatusCode.Conflict,
            """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"AlreadyExists","message":"exists","code":409}""");

        status.Reason.Should().Be("AlreadyExists");
        status.Message.Should().Be("exists");
        status.Code.Should().Be(409);
    }

    [Fact]
    public void FromResponse_StatusBodyWithoutCode_TakesTheHttpCode()
    {
        var status = StatusFactory.FromResponse(HttpStatusCode.Gone, """{"kind":"Status","reason":"Expired"}""");

        status.Code.Should().Be(410);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "", "NotFound", "the server responded with 404 NotFound")]
    [InlineData(HttpStatusCode.Gone, "gone", "Expired", "gone")]
    [InlineData(HttpStatusCode.UnprocessableEntity, "{\"kind\":\"Pod\"}", "Invalid", "{\"kind\":\"Pod\"}")]
    [InlineData(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "InternalError", "<html>bad gateway</html>")]
    [InlineData(HttpStatusCode.GatewayTimeout, " {not json ", "Timeout", "{not json")]
    public void FromResponse_OtherBody_SynthesizesAFailure(HttpStatusCode code, string body, string reason, string message)
    {
        var status = StatusFactory.FromResponse(code, body);

        status.Result.Should().Be("Failure");
        status.Code.Should().Be((int)code);
        status.Reason.Should().Be(reason);
        status.Message.Should().Be(message);
    }

    [Fact]
    public void FromResponse_HugeBody_IsTruncated()
    {
        var status = StatusFactory.FromResponse(HttpStatusCode.InternalServerError, new string('x', 5000));

        status.Message!.Length.Should().Be(1027);
        status.Message.Should().EndWith("...");
    }
}
