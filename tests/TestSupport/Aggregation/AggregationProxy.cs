using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ClusterGateway.TestSupport.Aggregation;

/// <summary>
/// The fake's kube-aggregator: requests under <c>/apis/{group}</c> of a registered <see cref="FakeAggregatedApi"/> go,
/// after the fake's own authentication and authorization, to the backend with method, path, query, body and the
/// caller's headers (including <c>Authorization</c>, so the backend authenticates the caller itself, e.g. by a
/// TokenReview against this server). kube-aggregator sends its proxy client certificate and <c>X-Remote-*</c> headers
/// instead; the bearer token keeps the fake simple. Responses are streamed chunk by chunk (watches work). An unreachable
/// backend answers 503 <c>Error trying to reach service</c>, like the aggregator's proxy. Not supported: upgrades (exec).
/// </summary>
internal sealed class AggregationProxy : IDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade", "Host",
    };

    private readonly ConcurrentDictionary<string, Backend> _backends = new(StringComparer.Ordinal);

    /// <summary>The registered APIs.</summary>
    public IReadOnlyList<FakeAggregatedApi> Apis => [.. _backends.Values.Select(b => b.Api)];

    public void Add(FakeAggregatedApi api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var backend = new Backend(api, CreateClient(api.CaPem));
        if (_backends.TryGetValue(api.Group, out var previous))
        {
            previous.Client.Dispose();
        }

        _backends[api.Group] = backend;
    }

    /// <summary><c>/apis</c> discovery entries of the aggregated groups the server does not serve itself.</summary>
    public IEnumerable<JsonNode> GroupEntries(IEnumerable<string> localGroups)
    {
        var local = localGroups.ToHashSet(StringComparer.Ordinal);
        foreach (var api in Apis.Where(a => !local.Contains(a.Group)))
        {
            JsonObject Entry() => new() { ["groupVersion"] = $"{api.Group}/{api.Version}", ["version"] = api.Version };
            yield return new JsonObject
            {
                ["name"] = api.Group,
                ["versions"] = new JsonArray(Entry()),
                ["preferredVersion"] = Entry(),
            };
        }
    }

    /// <summary>Forwards the request when its path belongs to an aggregated group.</summary>
    /// <returns>True when the request was forwarded (the response is written).</returns>
    public async Task<bool> TryForwardAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var parts = path.Split('/', 4, StringSplitOptions.None);
        if (parts.Length < 3 || parts[0].Length != 0 || parts[1] != "apis" ||
            !_backends.TryGetValue(parts[2], out var backend))
        {
            return false;
        }

        await ForwardAsync(context, backend);
        return true;
    }

    public void Dispose()
    {
        foreach (var backend in _backends.Values)
        {
            backend.Client.Dispose();
        }
    }

    private static async Task ForwardAsync(HttpContext context, Backend backend)
    {
        var target = new Uri(backend.Api.Server.GetLeftPart(UriPartial.Authority) +
            context.Request.PathBase + context.Request.Path + context.Request.QueryString);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopByHop.Contains(name) || name.StartsWith(':'))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await backend.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead,
                context.RequestAborted);
        }
        catch (HttpRequestException e)
        {
            throw new FakeApiException(503, "ServiceUnavailable", $"Error trying to reach service: '{e.Message}'");
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHop.Contains(name))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }

            // Headers now: a watch may send its first event much later.
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
    }

    private static HttpClient CreateClient(string caPem)
    {
        var trust = new X509Certificate2Collection();
        trust.ImportFromPem(caPem);
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trust);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private sealed record Backend(FakeAggregatedApi Api, HttpClient Client);
}
