using ClusterGateway.Gateway.Apiserver;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.Gateway.Tests.Security;

/// <summary>Ported from k8s.io/apiserver pkg/endpoints/request/requestinfo_test.go, plus the gateway's own paths.</summary>
public sealed class RequestInfoParserTests
{
    private const string Gateways = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways";

    // method, url, verb, group, version, namespace, resource, subresource, name, parts (prefix: api or apis by url)
    public static TheoryData<string, string, string, string, string, string, string, string, string, string>
        ResourceCases => new()
    {
        // resource paths
        { "GET", "/api/v1/namespaces", "list", "", "v1", "", "namespaces", "", "", "namespaces" },
        { "GET", "/api/v1/namespaces/other", "get", "", "v1", "other", "namespaces", "", "other", "namespaces/other" },
        { "GET", "/api/v1/namespaces/other/pods", "list", "", "v1", "other", "pods", "", "", "pods" },
        { "GET", "/api/v1/namespaces/other/pods/foo", "get", "", "v1", "other", "pods", "", "foo", "pods/foo" },
        { "HEAD", "/api/v1/namespaces/other/pods/foo", "get", "", "v1", "other", "pods", "", "foo", "pods/foo" },
        { "GET", "/api/v1/pods", "list", "", "v1", "", "pods", "", "", "pods" },
        { "HEAD", "/api/v1/pods", "list", "", "v1", "", "pods", "", "", "pods" },
        { "PATCH", "/api/v1/namespaces/new-namespace", "patch", "", "v1", "", "namespaces", "", "new-namespace",
            "namespaces/new-namespace" },

        // special verbs
        { "GET", "/api/v1/proxy/namespaces/other/pods/foo", "proxy", "", "v1", "other", "pods", "", "foo", "pods/foo" },
        { "GET", "/api/v1/proxy/namespaces/other/pods/foo/subpath/not/a/subresource", "proxy", "", "v1", "other",
            "pods", "", "foo", "pods/foo/subpath/not/a/subresource" },
        { "GET", "/api/v1/watch/pods", "watch", "", "v1", "", "pods", "", "", "pods" },
        { "GET", "/api/v1/pods?watch=true", "watch", "", "v1", "", "pods", "", "", "pods" },
        { "GET", "/api/v1/pods?watch=false", "list", "", "v1", "", "pods", "", "", "pods" },
        { "GET", "/api/v1/watch/namespaces/other/pods", "watch", "", "v1", "other", "pods", "", "", "pods" },
        { "GET", "/api/v1/namespaces/other/pods?watch=1", "watch", "", "v1", "other", "pods", "", "", "pods" },
        { "GET", "/api/v1/namespaces/other/pods?watch=0", "list", "", "v1", "other", "pods", "", "", "pods" },
        { "GET", "/api/v1/pods?watch=FALSE", "list", "", "v1", "", "pods", "", "", "pods" },
        { "GET", "/api/v1/pods?watch=", "watch", "", "v1", "", "pods", "", "", "pods" },
        { "GET", "/api/v1/pods?watch=yes", "watch", "", "v1", "", "pods", "", "", "pods" },

        // subresource identification
        { "GET", "/api/v1/namespaces/other/pods/foo/status", "get", "", "v1", "other", "pods", "status", "foo",
            "pods/foo/status" },
        { "GET", "/api/v1/namespaces/other/pods/foo/proxy/subpath", "get", "", "v1", "other", "pods", "proxy", "foo",
            "pods/foo/proxy/subpath" },
        { "PUT", "/api/v1/namespaces/other/finalize", "update", "", "v1", "other", "namespaces", "finalize", "other",
            "namespaces/other/finalize" },
        { "PUT", "/api/v1/namespaces/other/status", "update", "", "v1", "other", "namespaces", "status", "other",
            "namespaces/other/status" },

        // verb identification
        { "PATCH", "/api/v1/namespaces/other/pods/foo", "patch", "", "v1", "other", "pods", "", "foo", "pods/foo" },
        { "DELETE", "/api/v1/namespaces/other/pods/foo", "delete", "", "v1", "other", "pods", "", "foo", "pods/foo" },
        { "POST", "/api/v1/namespaces/other/pods", "create", "", "v1", "other", "pods", "", "", "pods" },
        { "OPTIONS", "/api/v1/namespaces/other/pods/foo", "", "", "v1", "other", "pods", "", "foo", "pods/foo" },

        // deletecollection verb identification
        { "DELETE", "/api/v1/nodes", "deletecollection", "", "v1", "", "nodes", "", "", "nodes" },
        { "DELETE", "/api/v1/namespaces", "deletecollection", "", "v1", "", "namespaces", "", "", "namespaces" },
        { "DELETE", "/api/v1/namespaces/other/pods", "deletecollection", "", "v1", "other", "pods", "", "", "pods" },
        { "DELETE", "/apis/extensions/v1/namespaces/other/pods", "deletecollection", "extensions", "v1", "other",
            "pods", "", "", "pods" },

        // api group and version identification
        { "POST", "/apis/extensions/v1/namespaces/other/pods", "create", "extensions", "v1", "other", "pods", "",
            "", "pods" },
        { "POST", "/apis/extensions/v1beta3/namespaces/other/pods", "create", "extensions", "v1beta3", "other",
            "pods", "", "", "pods" },

        // the gateway's own resource and subresources (the proxy verb follows the method)
        { "GET", Gateways, "list", "cluster.core.oam.dev", "v1alpha1", "", "clustergateways", "", "",
            "clustergateways" },
        { "GET", Gateways + "?watch=true", "watch", "cluster.core.oam.dev", "v1alpha1", "", "clustergateways", "",
            "", "clustergateways" },
        { "GET", Gateways + "/c1", "get", "cluster.core.oam.dev", "v1alpha1", "", "clustergateways", "", "c1",
            "clustergateways/c1" },
        { "GET", Gateways + "/c1/health", "get", "cluster.core.oam.dev", "v1alpha1", "", "clustergateways",
            "health", "c1", "clustergateways/c1/health" },
        { "PATCH", Gateways + "/c1/health", "patch", "cluster.core.oam.dev", "v1alpha1", "", "clustergateways",
            "health", "c1", "clustergateways/c1/health" },
        { "GET", Gateways + "/c1/proxy/api/v1/namespaces/default/pods", "get", "cluster.core.oam.dev",
            "v1alpha1", "", "clustergateways", "proxy", "c1", "clustergateways/c1/proxy/api/v1/namespaces/default/pods" },
        { "POST", Gateways + "/c1/proxy/api/v1/namespaces/default/pods", "create", "cluster.core.oam.dev",
            "v1alpha1", "", "clustergateways", "proxy", "c1", "clustergateways/c1/proxy/api/v1/namespaces/default/pods" },
        { "PUT", Gateways + "/c1/proxy", "update", "cluster.core.oam.dev", "v1alpha1", "", "clustergateways",
            "proxy", "c1", "clustergateways/c1/proxy" },
        { "DELETE", Gateways + "/c1/proxy/api/v1/namespaces/default/pods", "delete", "cluster.core.oam.dev",
            "v1alpha1", "", "clustergateways", "proxy", "c1", "clustergateways/c1/proxy/api/v1/namespaces/default/pods" },
    };

    [Theory]
    [MemberData(nameof(ResourceCases))]
    public void Parse_ResourcePaths_MatchesKubernetes(string method, string url, string verb, string group,
        string version, string @namespace, string resource, string subresource, string name, string parts)
    {
        var info = Parse(method, url);
        var prefix = url.StartsWith("/apis/", StringComparison.Ordinal) ? "apis" : "api";

        info.Should().BeEquivalentTo(new
        {
            IsResourceRequest = true, Verb = verb, ApiPrefix = prefix, ApiGroup = group, ApiVersion = version,
            Namespace = @namespace, Resource = resource, Subresource = subresource, Name = name,
        });
        info.Parts.Should().Equal(parts.Split('/'));
        info.Path.Should().Be(url.Split('?')[0]);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("")]
    [InlineData("/api/version/")]
    [InlineData("/apis/group/version/")]
    [InlineData("/badprefix/version/resource")]
    [InlineData("/apis/version/resource")]
    [InlineData("/not-api/version/resource")]
    [InlineData("/apis/extensions/v1beta1")]
    [InlineData("/apis/extensions/v1beta1/")]
    [InlineData("/api/version")]
    [InlineData("/api")]
    [InlineData("/apis")]
    [InlineData("/healthz")]
    [InlineData("/openapi/v2")]
    public void Parse_NonResourcePaths_UsesLowerCaseMethodAsVerb(string url)
    {
        var info = Parse("GET", url);

        info.IsResourceRequest.Should().BeFalse();
        info.Verb.Should().Be("get");
        info.Path.Should().Be(url);
        Parse("POST", url).Verb.Should().Be("post");
    }

    [Theory]
    [InlineData("/api/version/resource")]
    [InlineData("/apis/group/version/resource/name/subresource")]
    [InlineData("/api/version/resource/name/subresource")]
    [InlineData("/apis/batch/v1/job")]
    [InlineData("/apis/batch/v1/job/foo")]
    [InlineData("/apis/batch/v1/job/foo/scale")]
    public void Parse_ShortestResourcePaths_AreResourceRequests(string url) =>
        Parse("GET", url).IsResourceRequest.Should().BeTrue();

    [Theory]
    [InlineData("/apis/group/version/resource", "list", "")]
    [InlineData("/apis/group/version/resource?fieldSelector=metadata.name=name1", "list", "name1")]
    [InlineData("/apis/group/version/resource?fieldSelector=metadata.name==name1", "list", "name1")]
    [InlineData("/apis/group/version/resource?watch=true&fieldSelector=metadata.name=name1", "watch", "name1")]
    [InlineData("/apis/group/version/resource?fieldSelector=foo=bar", "list", "")]
    [InlineData("/apis/group/version/resource?fieldSelector=metadata.name!=name1", "list", "")]
    [InlineData("/apis/group/version/resource?fieldSelector=foo=bar,metadata.name=name1", "list", "name1")]
    [InlineData("/apis/group/version/resource?fieldSelector=metadata.name=a%5C,b", "list", "a,b")]
    [InlineData("/apis/group/version/resource?fieldSelector=metadata.name=name1,foo", "list", "")]
    [InlineData("/apis/group/version/resource?fieldSelector=metadata.name=name1,foo&watch=true", "watch", "")]
    [InlineData("/apis/group/version/resource?fieldSelector=metadata.name=name1,foo&watch=false", "list", "")]
    [InlineData("/apis/group/version/resource?fieldSelector=metadata.name=a%2Fb", "list", "")]
    [InlineData("/apis/group/version/resource?fieldSelector=metadata.name=..", "list", "")]
    public void Parse_FieldSelector_SetsNameOfListAndWatch(string url, string verb, string name)
    {
        var info = Parse("GET", url);

        info.Verb.Should().Be(verb);
        info.Name.Should().Be(name);
    }

    [Fact]
    public void Parse_FieldSelectorOnDelete_StaysDeletecollection() =>
        Parse("DELETE", "/api/v1/pods?fieldSelector=metadata.name=p").Verb.Should().Be("deletecollection");

    [Theory]
    [InlineData("/api/v1/watch")]
    [InlineData("/apis/g/v1/proxy")]
    public void Parse_PathVerbWithoutResource_Throws(string url) =>
        FluentActions.Invoking(() => Parse("GET", url)).Should().Throw<FormatException>()
            .WithMessage("unable to determine kind and namespace from url, " + url);

    [Theory]
    [InlineData("?watch=1", "watch")]
    [InlineData("?w%61tch=1", "watch")]
    [InlineData("?watch", "watch")]
    [InlineData("?watch=0&watch=1", "list")]
    [InlineData("?watch=FALSE", "list")]
    [InlineData("?WATCH=1", "list")]
    [InlineData("?watchx=1&x=watch", "list")]
    [InlineData("?&&watch=true&", "watch")]
    public void Parse_RawQuery_FirstValueOfTheExactName_LikeGoUrlValues(string query, string verb) =>
        RequestInfoParser.Default.Parse("GET", "/api/v1/pods", query).Verb.Should().Be(verb);

    [Fact]
    public void Parse_RawQuery_PlusIsASpace() =>
        RequestInfoParser.Default.Parse("GET", "/api/v1/pods", "?fieldSelector=metadata.name%3Da+b").Name.Should().Be("a b");

    [Fact]
    public void Parse_ManySegments_FieldsFromTheFrontPartsToTheEnd()
    {
        const string Url = "/api/v1/namespaces/ns/pods/p/proxy/a/b/c/d/e/f/g";

        var info = Parse("GET", Url);

        (info.Namespace, info.Resource, info.Name, info.Subresource).Should().Be(("ns", "pods", "p", "proxy"));
        info.Parts.Should().Equal("pods", "p", "proxy", "a", "b", "c", "d", "e", "f", "g");
    }

    [Fact]
    public void Parse_QueryCollection_SameAsRawQuery()
    {
        var query = new QueryCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>
        {
            ["watch"] = "1",
        });

        RequestInfoParser.Default.Parse("GET", "/api/v1/pods", query).Verb.Should().Be("watch");
    }

    private static RequestInfo Parse(string method, string url)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        return q < 0
            ? RequestInfoParser.Default.Parse(method, url, (string?)null)
            : RequestInfoParser.Default.Parse(method, url[..q], url[q..]);
    }
}
