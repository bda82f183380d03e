using ClusterGateway.Gateway.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace ClusterGateway.Gateway.Tests.Security;

/// <summary>Cases after k8s.io/apiserver pkg/authentication/request/headerrequest/requestheader_test.go.</summary>
public sealed class RequestHeaderParserTests
{
    private static readonly RequestHeaderConfig Config = new([], [], ["X-Remote-User", "X-Other-User"],
        ["X-Remote-Uid"], ["X-Remote-Group", "X-Other-Group"], ["X-Remote-Extra-", "X-Other-Extra-"]);

    [Fact]
    public void Read_NoUsername_ReturnsNull() =>
        RequestHeaderParser.Read(Headers(("X-Remote-Group", "g")), Config).Should().BeNull();

    [Fact]
    public void Read_EmptyFirstUsernameHeader_UsesNextHeader()
    {
        var user = RequestHeaderParser.Read(Headers(("X-Remote-User", ""), ("X-Other-User", "bob")), Config);

        user!.Name.Should().Be("bob");
    }

    [Fact]
    public void Read_SeveralUsernameValues_TakesFirstValueOfFirstHeader()
    {
        var user = RequestHeaderParser.Read(Headers(("X-Remote-User", "alice"), ("X-Remote-User", "eve"),
            ("X-Other-User", "bob")), Config);

        user!.Name.Should().Be("alice");
    }

    [Fact]
    public void Read_FirstUsernameValueEmpty_FallsToNextHeaderLikeHttpHeaderGet()
    {
        var user = RequestHeaderParser.Read(Headers(("X-Remote-User", ""), ("X-Remote-User", "eve"),
            ("X-Other-User", "bob")), Config);

        user!.Name.Should().Be("bob");
    }

    [Fact]
    public void Read_Groups_AllNonEmptyValuesOfAllHeadersInOrder()
    {
        var user = RequestHeaderParser.Read(Headers(("X-Remote-User", "alice"), ("X-Remote-Group", "one"),
            ("X-Remote-Group", ""), ("X-Remote-Group", "two,three"), ("X-Other-Group", "four")), Config);

        user!.Groups.Should().Equal("one", "two,three", "four");
        user.Uid.Should().BeNull();
    }

    [Fact]
    public void Read_Uid_FirstNonEmpty()
    {
        var user = RequestHeaderParser.Read(Headers(("X-Remote-User", "alice"), ("X-Remote-Uid", "42")), Config);

        user!.Uid.Should().Be("42");
    }

    [Fact]
    public void Read_Extras_KeysLowerCasedAndUnescapedValuesAppended()
    {
        var user = RequestHeaderParser.Read(Headers(
            ("X-Remote-User", "alice"),
            ("X-Remote-Extra-Scopes", "a"),
            ("X-Remote-Extra-Scopes", "b"),
            ("x-remote-extra-Acme.com%2Fteam", "blue"),
            ("X-Other-Extra-Scopes", "c"),
            ("X-Remote-Extra-Bad%ZZ", "kept"),
            ("X-Remote-Extra-Empty", "")), Config);

        user!.Extra.Should().HaveCount(4);
        user.Extra["scopes"].Should().Equal("a", "b", "c");
        user.Extra["acme.com/team"].Should().Equal("blue");
        user.Extra["bad%zz"].Should().Equal("kept");
        user.Extra["empty"].Should().Equal("");
    }

    [Theory]
    [InlineData("abc", true, "abc")]
    [InlineData("a%2Fb", true, "a/b")]
    [InlineData("a%2fb", true, "a/b")]
    [InlineData("a+b", true, "a+b")]
    [InlineData("%25", true, "%")]
    [InlineData("%C3%A9", true, "é")]
    [InlineData("a%2", false, "a%2")]
    [InlineData("a%", false, "a%")]
    [InlineData("%G0", false, "%G0")]
    public void TryPathUnescape_LikeGo(string escaped, bool ok, string expected)
    {
        RequestHeaderParser.TryPathUnescape(escaped, out var value).Should().Be(ok);

        value.Should().Be(expected);
    }

    private static HeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var group in headers.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
        {
            dictionary[group.Key] = new StringValues([.. group.Select(h => h.Value)]);
        }

        return dictionary;
    }
}
