using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.Tests.Proxy.Credentials;

/// <summary>
/// An exec credential plugin written by a test: a shell script that appends a line to a counter file on every run,
/// saves <c>KUBERNETES_EXEC_INFO</c>, then prints <c>out-{run}.json</c> if present, else <c>out.json</c>, then runs
/// an optional extra shell snippet (e.g. <c>exit 3</c>).
/// </summary>
internal sealed class PluginScript
{
    public const string V1 = "client.authentication.k8s.io/v1";
    public const string V1Beta1 = "client.authentication.k8s.io/v1beta1";

    private PluginScript(string directory) => Directory = directory;

    public string Directory { get; }

    public string Command => Path.Combine(Directory, "plugin.sh");

    /// <summary>How many times the plugin ran.</summary>
    public int Runs => File.Exists(Counter) ? File.ReadAllLines(Counter).Length : 0;

    /// <summary>The <c>KUBERNETES_EXEC_INFO</c> of the last run.</summary>
    public JsonNode? LastExecInfo => JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "exec-info.json")));

    private string Counter => Path.Combine(Directory, "runs");

    public static PluginScript Create(string parent, string name, string tail = "")
    {
        var directory = Path.Combine(parent, "plugin-" + name);
        System.IO.Directory.CreateDirectory(directory);
        var script = new PluginScript(directory);
        File.WriteAllText(script.Command, $"""
            #!/bin/sh
            cd '{directory}'
            echo run >> runs
            printf '%s' "$KUBERNETES_EXEC_INFO" > exec-info.json
            n=$(wc -l < runs | tr -d ' ')
            if [ -f "out-$n.json" ]; then cat "out-$n.json"; elif [ -f out.json ]; then cat out.json; fi
            {tail}

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script.Command,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return script;
    }

    /// <summary>What every run prints (unless a run-specific output exists).</summary>
    public PluginScript Prints(JsonObject credential, int? run = null)
    {
        File.WriteAllText(Path.Combine(Directory, run is null ? "out.json" : $"out-{run}.json"), credential.ToJsonString());
        return this;
    }

    /// <summary>The Secret's <c>exec</c> value.</summary>
    public string ExecConfig(string apiVersion = V1, bool provideClusterInfo = false, params string[] args) =>
        new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["command"] = Command,
            ["args"] = new JsonArray([.. args.Select(a => (JsonNode)a)]),
            ["env"] = new JsonArray(new JsonObject { ["name"] = "PLUGIN_MODE", ["value"] = "test" }),
            ["provideClusterInfo"] = provideClusterInfo,
        }.ToJsonString();

    public static JsonObject Token(string token, DateTimeOffset? expiry = null, string apiVersion = V1) =>
        Credential(apiVersion, new JsonObject { ["token"] = token }, expiry);

    public static JsonObject Certificate(string certificatePem, string keyPem, DateTimeOffset? expiry = null) =>
        Credential(V1, new JsonObject { ["clientCertificateData"] = certificatePem, ["clientKeyData"] = keyPem }, expiry);

    private static JsonObject Credential(string apiVersion, JsonObject status, DateTimeOffset? expiry)
    {
        if (expiry is { } at)
        {
            status["expirationTimestamp"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ",
                System.Globalization.CultureInfo.InvariantCulture);
        }

        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = "ExecCredential", ["status"] = status };
    }
}
