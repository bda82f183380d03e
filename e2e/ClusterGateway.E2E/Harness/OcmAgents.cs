using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.E2E.Processes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.E2E.Harness;

/// <summary>
/// The OCM agents of the managed clusters, played on the hub: the registration agent (a ManagedCluster with the
/// cluster's URL and CA, its namespace, conditions Joined/Available as the agent and the hub's registration controller
/// report them) and the managed-serviceaccount agent (for a ManagedServiceAccount in a cluster namespace: a token valid
/// on that cluster's apiserver, the token Secret in the cluster namespace — keys <c>token</c> and <c>ca.crt</c>, owned
/// by the ManagedServiceAccount — and its status: tokenSecretRef, expirationTimestamp, conditions TokenReported and
/// SecretCreated), as open-cluster-management-io/managed-serviceaccount's agent does.
/// </summary>
internal sealed class OcmAgents : IAsyncDisposable
{
    /// <summary>The namespace the managed-serviceaccount agent creates service accounts in on the managed cluster.</summary>
    public const string ManagedServiceAccountNamespace = "open-cluster-management-managed-serviceaccount";

    private readonly HubApi _api;
    private readonly ProcessLog _log;
    private readonly Dictionary<string, FakeApiServer> _clusters = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _msaAgent;

    public OcmAgents(HubApi api, ProcessLog log)
    {
        _api = api;
        _log = log;
        _msaAgent = Task.Run(() => ManagedServiceAccountAgentAsync(_stop.Token));
    }

    /// <summary>Registers a managed cluster reachable at <paramref name="url"/> (its apiserver <paramref name="cluster"/>).</summary>
    public async Task RegisterAsync(string name, FakeApiServer cluster, Uri url, CancellationToken ct)
    {
        lock (_clusters)
        {
            _clusters[name] = cluster;
        }

        await CreateIgnoringConflictAsync("/api/v1/namespaces", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = name },
        }, ct);
        await CreateIgnoringConflictAsync("/apis/cluster.open-cluster-management.io/v1/managedclusters", new JsonObject
        {
            ["apiVersion"] = "cluster.open-cluster-management.io/v1",
            ["kind"] = "ManagedCluster",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["hubAcceptsClient"] = true,
                ["leaseDurationSeconds"] = 60,
                ["managedClusterClientConfigs"] = new JsonArray(new JsonObject
                {
                    ["url"] = url.ToString().TrimEnd('/'),
                    ["caBundle"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(cluster.CaPem)),
                }),
            },
        }, ct);
        var now = Now();
        JsonObject Condition(string type, string reason, string message) => new()
        {
            ["type"] = type,
            ["status"] = "True",
            ["reason"] = reason,
            ["message"] = message,
            ["lastTransitionTime"] = now,
        };
        await _api.MergePatchAsync($"/apis/cluster.open-cluster-management.io/v1/managedclusters/{name}/status", new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(
                    Condition("HubAcceptedManagedCluster", "HubClusterAdminAccepted", "Accepted by hub cluster admin"),
                    Condition("ManagedClusterJoined", "ManagedClusterJoined", "Managed cluster joined"),
                    Condition("ManagedClusterConditionAvailable", "ManagedClusterAvailable", "Managed cluster is available")),
                ["version"] = new JsonObject { ["kubernetes"] = cluster.Options.GitVersion },
            },
        }, ct);
        _log.Add("registration-agent", $"ManagedCluster {name} registered at {url}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _msaAgent.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or HttpRequestException)
        {
        }

        _stop.Dispose();
    }

    private async Task ManagedServiceAccountAgentAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var (type, msa) in _api.ListWatchAsync(
                               "/apis/authentication.open-cluster-management.io/v1beta1/managedserviceaccounts", ct))
            {
                if (type == "DELETED" || msa["status"]?["tokenSecretRef"] is not null)
                {
                    continue;
                }

                try
                {
                    await ReportTokenAsync(msa, ct);
                }
                catch (HubApiException e)
                {
                    _log.Add("managed-serviceaccount-agent", e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (HttpRequestException e)
        {
            _log.Add("managed-serviceaccount-agent", $"watch ended: {e.Message}");
        }
    }

    private async Task ReportTokenAsync(JsonObject msa, CancellationToken ct)
    {
        var ns = msa["metadata"]!["namespace"]!.GetValue<string>();
        var name = msa["metadata"]!["name"]!.GetValue<string>();
        FakeApiServer? cluster;
        lock (_clusters)
        {
            _clusters.TryGetValue(ns, out cluster);
        }

        if (cluster is null)
        {
            return;
        }

        // The agent's TokenRequest on the managed cluster: a token for the service account it created there.
        var token = "msa-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        cluster.Options.Tokens[token] = $"system:serviceaccount:{ManagedServiceAccountNamespace}:{name}";
        var expiration = DateTimeOffset.UtcNow.AddDays(360);
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { ["authentication.open-cluster-management.io/is-managed-serviceaccount"] = "true" },
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "authentication.open-cluster-management.io/v1beta1",
                    ["kind"] = "ManagedServiceAccount",
                    ["name"] = name,
                    ["uid"] = msa["metadata"]!["uid"]?.GetValue<string>() ?? "",
                }),
            },
            ["type"] = "Opaque",
            ["data"] = new JsonObject
            {
                ["token"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(token)),
                ["ca.crt"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(cluster.CaPem)),
            },
        };
        await CreateIgnoringConflictAsync($"/api/v1/namespaces/{ns}/secrets", secret, ct);
        var now = Now();
        await _api.MergePatchAsync(
            $"/apis/authentication.open-cluster-management.io/v1beta1/namespaces/{ns}/managedserviceaccounts/{name}/status",
            new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["tokenSecretRef"] = new JsonObject { ["name"] = name, ["lastRefreshTimestamp"] = now },
                    ["expirationTimestamp"] = expiration.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                    ["conditions"] = new JsonArray(
                        new JsonObject
                        {
                            ["type"] = "TokenReported", ["status"] = "True", ["reason"] = "TokenReported",
                            ["message"] = "ServiceAccount token is reported", ["lastTransitionTime"] = now,
                        },
                        new JsonObject
                        {
                            ["type"] = "SecretCreated", ["status"] = "True", ["reason"] = "SecretCreated",
                            ["message"] = "Secret is created", ["lastTransitionTime"] = now,
                        }),
                },
            }, ct);
        _log.Add("managed-serviceaccount-agent", $"token Secret {ns}/{name} written");
    }

    private async Task CreateIgnoringConflictAsync(string path, JsonObject body, CancellationToken ct)
    {
        try
        {
            await _api.CreateAsync(path, body, ct);
        }
        catch (HubApiException e) when (e.StatusCode == 409)
        {
        }
    }

    private static string Now() =>
        DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
