using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Apply;

/// <summary>Raw server-side apply and update requests against a fake API server (no client library in between).</summary>
internal sealed class ApplyClient(HttpClient http)
{
    public async Task<(HttpStatusCode Code, JsonObject Body)> ApplyAsync(string path, string manager, string yaml,
        bool force = false)
    {
        var query = $"?fieldManager={Uri.EscapeDataString(manager)}" + (force ? "&force=true" : string.Empty);
        return await SendAsync(HttpMethod.Patch, path + query, yaml, "application/apply-patch+yaml");
    }

    public Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(HttpMethod method, string pathAndQuery, string body,
        string contentType = "application/json", string? userAgent = null) => SendCoreAsync(method, pathAndQuery,
        body, contentType, userAgent);

    public async Task<JsonObject> GetAsync(string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative)).WaitAsync(TestTimeouts.Default);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The fieldsV1 of one manager's entry (operation <c>Apply</c> unless given), or null.</summary>
    public static JsonObject? FieldsOf(JsonObject obj, string manager, string operation = "Apply",
        string? subresource = null) =>
        (obj["metadata"]?["managedFields"] as JsonArray ?? [])
        .OfType<JsonObject>()
        .FirstOrDefault(e => e["manager"]?.GetValue<string>() == manager &&
                             e["operation"]?.GetValue<string>() == operation &&
                             e["subresource"]?.GetValue<string>() == subresource)?["fieldsV1"] as JsonObject;

    private async Task<(HttpStatusCode Code, JsonObject Body)> SendCoreAsync(HttpMethod method, string pathAndQuery,
        string body, string contentType, string? userAgent)
    {
        using var request = new HttpRequestMessage(method, new Uri(pathAndQuery, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        using var response = await http.SendAsync(request).WaitAsync(TestTimeouts.Default);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }
}
