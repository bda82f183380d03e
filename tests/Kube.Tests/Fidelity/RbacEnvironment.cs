using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Fidelity;

/// <summary>
/// A fake API server with RBAC on: <c>admin-token</c> is in <c>system:masters</c>; <c>alice-token</c> (alice, group devs),
/// <c>bob-token</c> and <c>sa-token</c> (service account a/builder) hold only what a test stores for them.
/// </summary>
internal sealed class RbacEnvironment : IAsyncDisposable
{
    public const string ServiceAccount = "system:serviceaccount:a:builder";

    private RbacEnvironment(FakeApiServer server) => Server = server;

    public FakeApiServer Server { get; }

    public FakeObjectStore Store => Server.Store;

    public static async Task<RbacEnvironment> StartAsync()
    {
        var options = new FakeApiServerOptions { Rbac = true };
        options.Tokens["admin-token"] = "admin";
        options.TokenGroups["admin-token"] = ["system:masters"];
        options.Tokens["alice-token"] = "alice";
        options.TokenGroups["alice-token"] = ["devs"];
        options.Tokens["bob-token"] = "bob";
        options.Tokens["sa-token"] = ServiceAccount;
        var server = await FakeApiServer.StartAsync(options);
        foreach (var ns in new[] { "a", "b" })
        {
            server.Store.Put(FakeResource.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
            foreach (var name in new[] { "cm1", "cm2" })
            {
                server.Store.Put(FakeResource.ConfigMaps, new JsonObject
                {
                    ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                });
            }
        }

        return new RbacEnvironment(server);
    }

    public HttpClient Client(string who) => Server.CreateClient(token: who + "-token");

    /// <summary>Sends and returns the status code and the body.</summary>
    public async Task<(int Code, JsonObject? Body)> SendAsync(string who, HttpMethod method, string path,
        string? json = null, string contentType = "application/json", params (string Name, string Value)[] headers)
    {
        using var client = Client(who);
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request).WaitAsync(TestTimeouts.Default, $"{method} {path}");
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text)!.AsObject() : null);
    }

    public Task<(int Code, JsonObject? Body)> GetAsync(string who, string path, params (string Name, string Value)[] headers) =>
        SendAsync(who, HttpMethod.Get, path, headers: headers);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
