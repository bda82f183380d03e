using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;

namespace ClusterGateway.E2E.Harness;

/// <summary>
/// The harness's own REST calls to an apiserver (as the kubelet, the controllers and the OCM agents it plays would make
/// them): JSON get/create/patch/delete and a list+watch that re-lists when the stream ends.
/// </summary>
internal sealed class HubApi(HttpClient client)
{
    /// <summary>The underlying client (base address: the apiserver).</summary>
    public HttpClient Client => client;

    public async Task<JsonObject?> GetAsync(string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response, "GET", path, ct);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!.AsObject();
    }

    public Task<JsonObject> CreateAsync(string collectionPath, JsonObject body, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, collectionPath, body, "application/json", ct);

    public Task<JsonObject> MergePatchAsync(string path, JsonObject patch, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, path, patch, "application/merge-patch+json", ct);

    public async Task<bool> DeleteAsync(string path, CancellationToken ct)
    {
        using var response = await client.DeleteAsync(path, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureAsync(response, "DELETE", path, ct);
        return true;
    }

    /// <summary>
    /// List then watch <paramref name="collectionPath"/> forever (until cancelled): yields ("ADDED"|"MODIFIED"|"DELETED",
    /// object); the initial list comes as ADDED; when the watch ends it lists again (a relist may repeat objects).
    /// </summary>
    public async IAsyncEnumerable<(string Type, JsonObject Object)> ListWatchAsync(string collectionPath,
        [EnumeratorCancellation] CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var list = await GetAsync(collectionPath, ct) ?? new JsonObject();
            var rv = list["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "0";
            foreach (var item in list["items"]?.AsArray() ?? [])
            {
                yield return ("ADDED", item!.AsObject());
            }

            var separator = collectionPath.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            using var request = new HttpRequestMessage(HttpMethod.Get,
                $"{collectionPath}{separator}watch=true&resourceVersion={rv}&allowWatchBookmarks=false");
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            }
            catch (HttpRequestException)
            {
                continue;
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    continue;
                }

                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
                while (true)
                {
                    string? line;
                    try
                    {
                        line = await reader.ReadLineAsync(ct);
                    }
                    catch (IOException)
                    {
                        break;
                    }
                    catch (HttpRequestException)
                    {
                        break;
                    }

                    if (line is null)
                    {
                        break;
                    }

                    if (line.Length == 0)
                    {
                        continue;
                    }

                    var e = JsonNode.Parse(line)!.AsObject();
                    var type = e["type"]!.GetValue<string>();
                    if (type is "ADDED" or "MODIFIED" or "DELETED")
                    {
                        yield return (type, e["object"]!.AsObject());
                    }
                    else if (type == "ERROR")
                    {
                        break;
                    }
                }
            }
        }
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject body, string contentType,
        CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await client.SendAsync(request, ct);
        await EnsureAsync(response, method.Method, path, ct);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!.AsObject();
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string method, string path, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HubApiException((int)response.StatusCode,
                $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }
}

/// <summary>A non-success answer to one of the harness's calls.</summary>
internal sealed class HubApiException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
