using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>
/// Pods to <see cref="FakeObjectStore.Put(JsonObject)"/> for exec, attach, cp and port-forward: kubectl reads the pod
/// first (phase Running, the container and its stdin flag) before it upgrades to <c>pods/{name}/exec</c> and friends,
/// which the fake serves for any pod in its store (see <c>Streaming/PodStreamHandler</c>).
/// </summary>
public static class FakePods
{
    /// <summary>A running pod with one container (stdin open) listening on <paramref name="port"/>.</summary>
    public static JsonObject Running(string name, string @namespace = "default", string container = "main",
        int port = 8080) =>
        new()
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = @namespace },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = container,
                    ["image"] = "fake/echo:1",
                    ["stdin"] = true,
                    ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = port, ["protocol"] = "TCP" }),
                }),
            },
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = container,
                    ["ready"] = true,
                    ["restartCount"] = 0,
                    ["image"] = "fake/echo:1",
                    ["imageID"] = "fake/echo@sha256:0",
                    ["state"] = new JsonObject { ["running"] = new JsonObject() },
                }),
            },
        };
}
