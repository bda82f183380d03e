using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.Gateway.Tests.Proxy.Paths;

/// <summary>
/// One gateway in hub mode with <c>--authorize-proxy-subpath</c> and no review cache (every request's inner
/// SubjectAccessReview reaches the hub and is recorded), alice allowed everything, and cluster <c>prefixed</c>
/// whose endpoint has the path prefix <c>/k8s/clusters/c1</c> (a Rancher-style endpoint) on cluster-b's server.
/// </summary>
public sealed class PathEnvironment : IAsyncLifetime
{
    public const string AliceToken = "alice-token";
    public const string EndpointPrefix = "/k8s/clusters/c1";
    public const string Proxy = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways/prefixed/proxy";

    /// <summary>spec.resourceAttributes or spec.nonResourceAttributes of each inner review, in arrival order.</summary>
    public ConcurrentQueue<JsonObject> InnerReviews { get; } = new();

    internal HubEnvironment Env { get; private set; } = null!;

    public async Task InitializeAsync() => Env = await HubEnvironment.StartAsync(
        secrets: env =>
        [
            .. env.DefaultSecrets(),
            HubEnvironment.Secret("prefixed", "ServiceAccountToken", new()
            {
                ["endpoint"] = env.ClusterB.Url + EndpointPrefix[1..],
                ["ca.crt"] = env.ClusterB.CaPem,
                ["token"] = HubEnvironment.ClusterBToken,
            }),
        ],
        configureHub: hub =>
        {
            hub.Tokens[AliceToken] = "alice";
            hub.Intercept = RecordInnerReviewAsync;
        },
        configureGateway: options => options with
        {
            AuthorizeProxySubpath = true, AuthorizedCacheTtl = TimeSpan.Zero, UnauthorizedCacheTtl = TimeSpan.Zero,
        });

    public async Task DisposeAsync() => await Env.DisposeAsync();

    internal RawHttpClient CreateRawClient() => new(Env.Gateway.Url, Env.Gateway.TrustPem);

    private async Task<bool> RecordInnerReviewAsync(HttpContext context)
    {
        if (context.Request.Method != "POST" || context.Request.Path != "/apis/authorization.k8s.io/v1/subjectaccessreviews")
        {
            return false;
        }

        context.Request.EnableBuffering();
        var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!;
        context.Request.Body.Position = 0;
        var spec = body["spec"]!;
        var attributes = (spec["resourceAttributes"] ?? spec["nonResourceAttributes"])!.AsObject();
        if ((string?)attributes["resource"] != "clustergateways")
        {
            InnerReviews.Enqueue((JsonObject)attributes.DeepClone());
        }

        return false;
    }
}
