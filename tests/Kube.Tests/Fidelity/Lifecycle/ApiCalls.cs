using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Fidelity.Lifecycle;

/// <summary>Plain HTTP calls against the fake API server, answering the status code and the JSON body.</summary>
internal static class ApiCalls
{
    public static async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpClient client, HttpMethod method,
        string path, JsonNode? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await client.SendAsync(request).WaitAsync(TestTimeouts.Short, $"{method} {path}");
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>POSTs an object and answers the created one (fails the test on any other answer).</summary>
    public static async Task<JsonObject> CreateAsync(HttpClient client, string collectionPath, JsonObject obj)
    {
        var (status, body) = await SendAsync(client, HttpMethod.Post, collectionPath, obj);
        status.Should().Be(HttpStatusCode.Created, body.ToJsonString());
        return body;
    }

    public static JsonObject Object(string apiVersion, string kind, string name, string? ns,
        params JsonObject[] owners)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        if (owners.Length > 0)
        {
            metadata["ownerReferences"] = new JsonArray([.. owners.Select(o => (JsonNode?)o)]);
        }

        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata };
    }

    /// <summary>An owner reference to a created object (optionally blocking its foreground deletion).</summary>
    public static JsonObject OwnerReference(JsonObject owner, bool blockOwnerDeletion = false)
    {
        var reference = new JsonObject
        {
            ["apiVersion"] = owner["apiVersion"]!.GetValue<string>(),
            ["kind"] = owner["kind"]!.GetValue<string>(),
            ["name"] = owner["metadata"]!["name"]!.GetValue<string>(),
            ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
        };
        if (blockOwnerDeletion)
        {
            reference["blockOwnerDeletion"] = true;
        }

        return reference;
    }

    public static string Uid(JsonObject obj) => obj["metadata"]!["uid"]!.GetValue<string>();
}
