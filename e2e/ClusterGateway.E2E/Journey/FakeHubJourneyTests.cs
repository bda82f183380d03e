using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.E2E.Harness;
using ClusterGateway.E2E.Processes;
using ClusterGateway.TestSupport;
using k8s;

namespace ClusterGateway.E2E.Journey;

/// <summary>
/// The user's journey on the fake hub, with the published binaries as separate processes: helm template + kubectl
/// apply of the chart, the manager installs the gateway, clusters register, the addon is enabled for c1, users call
/// through the hub, health follows c1's apiserver, the signer CA rotates under load, the addon is disabled and the
/// configuration deleted. Every step is named in the failure message; the processes' output is in the test output.
/// </summary>
public sealed class FakeHubJourneyTests(ITestOutputHelper output)
{
    [Fact(Timeout = 240_000)]
    public async Task UserJourney_FromHelmInstallToUninstall()
    {
        var log = new ProcessLog();
        var steps = new StepRunner(output, log);
        try
        {
            await RunAsync(steps, log);
            steps.Complete();
        }
        catch
        {
            output.WriteLine("---- harness and process output ----");
            log.Dump(output.WriteLine);
            throw;
        }
        finally
        {
            output.WriteLine("Passed: " + string.Join(" | ", steps.Passed));
        }
    }

    private static async Task RunAsync(StepRunner steps, ProcessLog log)
    {
        PublishedBinaries binaries = null!;
        await steps.StepAsync("publish the gateway and the addon-manager (dotnet publish)", async _ =>
            binaries = await PublishedBinaries.GetAsync(), TimeSpan.FromMinutes(3));
        FakeHubEnvironment env = null!;
        await steps.StepAsync("start the fake hub, managed clusters c1/c2, kubelet, aggregator, OCM agents", async ct =>
            env = await FakeHubEnvironment.StartAsync(binaries, log, ct));
        await using var environment = env;
        var hub = env.Hub;
        using var admin = hub.CreateClient(FakeHubEnvironment.AdminToken);

        await steps.StepAsync("kubectl apply the OCM CRDs and the chart's CRD", async ct =>
        {
            foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "assets", "ocm"), "*.yaml")
                         .Append(RepositoryPaths.Combine("charts", "addon-manager", "crds",
                             "proxy.open-cluster-management.io_clustergatewayconfigurations.yaml")))
            {
                await Kube.OkAsync(env.AdminKubeconfig, ct, "apply", "--server-side", "-f", file);
            }

            (await Kube.OkAsync(env.AdminKubeconfig, ct, "get", "crd", "-o", "name"))
                .Should().Contain("managedclusteraddons.addon.open-cluster-management.io");
        });

        string seededCa = "";
        await steps.StepAsync("pre-seed the signer Secret with a CA due for rotation during the journey", async ct =>
        {
            await Kube.ApplyAsync(env.AdminKubeconfig, $"{{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{{\"name\":\"{Names.ReleaseNamespace}\"}}}}", ct);
            var secret = NearRotationSigner.Secret(Names.ReleaseNamespace, Names.SignerSecret, TimeSpan.FromSeconds(30), out seededCa);
            await Kube.ApplyAsync(env.AdminKubeconfig, secret.ToJsonString(), ct);
        });

        await steps.StepAsync("helm template charts/addon-manager | kubectl apply", async ct =>
        {
            var yaml = await Helm.TemplateAsync(Names.ReleaseNamespace,
                ["installAll=false", $"clusterHealth.interval={(int)Names.HealthInterval.TotalSeconds}s"], ct);
            await Kube.ApplyAsync(env.AdminKubeconfig, yaml, ct, "--server-side");
        });

        await steps.StepAsync("the kubelet runs the addon-manager from its Deployment and it becomes Available", async ct =>
            await WaitDeploymentAvailableAsync(hub, Names.ReleaseNamespace, Names.ManagerDeployment, ct));

        var apiServiceSeenWhileGatewayReady = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        env.Aggregator.ApiServiceSeen += (name, _) =>
        {
            if (name == Names.ApiService)
            {
                var pod = env.Kubelet.PodOf(Names.GatewayNamespace, Names.GatewayDeployment);
                apiServiceSeenWhileGatewayReady.TrySetResult(
                    env.Kubelet.ResolveEndpoint(Names.GatewayNamespace, Names.GatewayService, 9443) is not null && pod is not null);
            }
        };

        await steps.StepAsync("the manager installs the gateway; the kubelet runs it and marks it ready on /readyz", async ct =>
            await WaitDeploymentAvailableAsync(hub, Names.GatewayNamespace, Names.GatewayDeployment, ct));

        await steps.StepAsync("the APIService appears only once the gateway is ready", async ct =>
            (await apiServiceSeenWhileGatewayReady.Task.WaitAsync(ct))
                .Should().BeTrue("the manager must not register the APIService before the gateway Deployment is Available"));

        await steps.StepAsync("the aggregator serves cluster.core.oam.dev/v1alpha1 (APIService Available)", async ct =>
            await Eventually.UntilAsync(c => Probes.ListedAsync(admin, c), listed => listed,
                "cluster.core.oam.dev listed in hub discovery", ct));

        await steps.StepAsync("kubectl get clustergateways through the hub lists nothing", async ct =>
        {
            var result = await Kube.RunAsync(env.AdminKubeconfig, ct, "get", "clustergateways");
            result.EnsureSuccess();
            (result.StdOut + result.StdErr).Should().Contain("No resources found");
        });

        // Signer rotation under load: the loops run from here until the rotation step.
        Names.HealthInterval.Should().BePositive();
        var throughAggregator = new CallLoop("list clustergateways through the aggregator",
            ct => Probes.GetOkAsync(admin, "/apis/cluster.core.oam.dev/v1alpha1/clustergateways", ct), TimeSpan.FromMilliseconds(100));
        var handshakes = new CallLoop("fresh TLS handshakes verified against the APIService caBundle",
            async ct => (await Probes.HandshakeAsync(hub, env.Kubelet, ct)).Dispose(), TimeSpan.FromMilliseconds(100));
        var bundleBeforeLoops = Probes.BundleSize(hub);

        await steps.StepAsync("register ManagedClusters c1 and c2 (the registration agent)", async ct =>
        {
            foreach (var (name, (server, relay)) in env.Clusters)
            {
                await env.Agents.RegisterAsync(name, server, relay.Url, ct);
            }

            (await Kube.OkAsync(env.AdminKubeconfig, ct, "get", "managedclusters")).Should().Contain("c1").And.Contain("c2");
        });

        await steps.StepAsync("clusteradm enable addon --names cluster-gateway --clusters c1 (ManagedClusterAddOn in c1)", async ct =>
            await Kube.ApplyAsync(env.AdminKubeconfig, $$"""
                apiVersion: addon.open-cluster-management.io/v1alpha1
                kind: ManagedClusterAddOn
                metadata:
                  name: {{Names.Addon}}
                  namespace: c1
                spec:
                  installNamespace: {{Names.AddonInstallNamespace}}
                """, ct));

        await steps.StepAsync("the manager creates the ManagedServiceAccount in c1; the agent reports its token", async ct =>
            await hub.Store.WaitForAsync(Resource(hub, "authentication.open-cluster-management.io", "v1beta1", "managedserviceaccounts"),
                "c1", "cluster-gateway", o => o["status"]?["tokenSecretRef"] is not null, TestTimeouts.Long, ct));

        await steps.StepAsync("the gateway Secret for c1 appears in the secret namespace", async ct =>
        {
            var secret = await hub.Store.WaitForAsync(FakeResource.Secrets, Names.SecretNamespace, "c1",
                o => o["data"]?["token"] is not null && o["data"]?["endpoint"] is not null, TestTimeouts.Long, ct);
            Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]!["endpoint"]!.GetValue<string>()))
                .Should().Be(env.Clusters["c1"].Relay.Url.ToString().TrimEnd('/'));
        });

        await steps.StepAsync("kubectl get clustergateways through the hub lists c1 only", async ct =>
            await Eventually.UntilAsync(async c => await Kube.OkAsync(env.AdminKubeconfig, c, "get", "clustergateways", "-o", "name"),
                names => names.Trim() == "clustergateway.cluster.core.oam.dev/c1", "exactly c1 listed", ct));

        await UserChecksAsync(steps, env);
        await HealthChecksAsync(steps, env, hub);
        await HubChecks.RunAsync(steps, env.AdminKubeconfig);

        await steps.StepAsync("the signer CA rotates: the caBundle holds both CAs and the gateway serves the new certificate", async ct =>
        {
            bundleBeforeLoops.Should().Be(1, "the seeded CA must not have rotated before the loops started");
            await Eventually.UntilAsync(_ => Task.FromResult(Probes.BundleSize(hub)), n => n == 2,
                "the APIService caBundle to hold the new and the previous CA", ct);
            await Eventually.UntilAsync(async c =>
                {
                    try
                    {
                        using var served = await Probes.HandshakeAsync(hub, env.Kubelet, c);
                        return served.Issuer;
                    }
                    catch (Exception e) when (e is InvalidOperationException or IOException or System.Security.Authentication.AuthenticationException)
                    {
                        return e.Message;
                    }
                },
                issuer => !seededCa.Contains(issuer, StringComparison.Ordinal) && issuer.StartsWith("CN=cluster-gateway-ca", StringComparison.Ordinal),
                "the gateway to serve a certificate issued by the new CA", ct);
            Probes.BundleSize(hub).Should().Be(2, "the previous CA stays in the caBundle during the overlap");
        }, TimeSpan.FromSeconds(90));

        await steps.CheckAsync("0 failures in the proxied-call loops across the rotation", async _ =>
        {
            await Task.Delay(TimeSpan.FromSeconds(2), _);
            await throughAggregator.DisposeAsync();
            await handshakes.DisposeAsync();
            throughAggregator.Successes.Should().BePositive();
            handshakes.Successes.Should().BePositive();
            throughAggregator.Failures.Should().BeEmpty(throughAggregator.ToString());
            handshakes.Failures.Should().BeEmpty(handshakes.ToString());
        });

        await steps.StepAsync("disable the addon for c1: its ManagedServiceAccount and gateway Secret go; c1 leaves the list", async ct =>
        {
            await Kube.OkAsync(env.AdminKubeconfig, ct, "delete", "managedclusteraddon", "-n", "c1", Names.Addon);
            await Eventually.UntilAsync(_ => Task.FromResult(
                    hub.Store.Get(FakeResource.Secrets, Names.SecretNamespace, "c1") is null &&
                    hub.Store.Get(Resource(hub, "authentication.open-cluster-management.io", "v1beta1", "managedserviceaccounts"), "c1", "cluster-gateway") is null),
                gone => gone, "the gateway Secret and the ManagedServiceAccount of c1 to be deleted", ct);
            await Eventually.UntilAsync(async c => (await Kube.RunAsync(env.AdminKubeconfig, c, "get", "clustergateways")).ToString(),
                r => r.Contains("No resources found", StringComparison.Ordinal), "the clustergateways list to be empty", ct);
        });

        await steps.StepAsync("delete the ClusterGatewayConfiguration: the APIService goes before the gateway stops serving", async ct =>
        {
            var violations = new List<string>();
            using var pollStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var poll = Task.Run(async () =>
            {
                while (!pollStop.IsCancellationRequested)
                {
                    try
                    {
                        if (await Probes.ListedAsync(admin, pollStop.Token))
                        {
                            using var response = await admin.GetAsync("/apis/cluster.core.oam.dev/v1alpha1", pollStop.Token);
                            if (!response.IsSuccessStatusCode && await Probes.ListedAsync(admin, pollStop.Token))
                            {
                                violations.Add($"listed in /apis while /apis/{Names.GroupVersion} answered {(int)response.StatusCode}");
                            }
                        }

                        await Task.Delay(50, pollStop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }, CancellationToken.None);
            // The order the hub deletes things in: the APIService must go before anything the gateway serves with.
            // Three watch streams deliver independently: the hub's order is the deletions' resourceVersions.
            var deletions = new System.Collections.Concurrent.ConcurrentQueue<(long ResourceVersion, string Label)>();
            using var watchStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var watched = new (string Label, string Path)[]
            {
                ($"APIService/{Names.ApiService}", "/apis/apiregistration.k8s.io/v1/apiservices"),
                ($"Deployment/{Names.GatewayDeployment}", $"/apis/apps/v1/namespaces/{Names.GatewayNamespace}/deployments"),
                ($"Service/{Names.GatewayService}", $"/api/v1/namespaces/{Names.GatewayNamespace}/services"),
            };
            var listed = watched.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
            var watches = watched.Select((w, i) => Task.Run(async () =>
            {
                var name = w.Label[(w.Label.IndexOf('/', StringComparison.Ordinal) + 1)..];
                try
                {
                    await foreach (var (type, obj) in env.Api.ListWatchAsync(w.Path, watchStop.Token))
                    {
                        if (obj["metadata"]?["name"]?.GetValue<string>() != name)
                        {
                            continue;
                        }

                        if (type == "DELETED")
                        {
                            deletions.Enqueue((long.Parse(obj["metadata"]!["resourceVersion"]!.GetValue<string>(),
                                System.Globalization.CultureInfo.InvariantCulture), w.Label));
                        }
                        else
                        {
                            listed[i].TrySetResult();
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }, CancellationToken.None)).ToArray();
            await Task.WhenAll(listed.Select(l => l.Task)).WaitAsync(ct);
            foreach (var (resource, name) in new[] { (FakeResource.Deployments, Names.GatewayDeployment), (FakeResource.Services, Names.GatewayService) })
            {
                var owners = hub.Store.Get(resource, Names.GatewayNamespace, name)?["metadata"]?["ownerReferences"]?.ToJsonString();
                owners.Should().Contain("\"kind\":\"APIService\"", $"{resource.Kind} {name} must be owned by the APIService too");
            }

            await Kube.OkAsync(env.AdminKubeconfig, ct, "delete", "clustergatewayconfiguration", Names.Configuration);
            await Eventually.UntilAsync(_ => Task.FromResult(hub.Store.Get(FakeResource.ApiServices, null, Names.ApiService) is null),
                gone => gone, "the APIService to be deleted", ct);
            await Eventually.UntilAsync(_ => Task.FromResult(env.Kubelet.PodOf(Names.GatewayNamespace, Names.GatewayDeployment) is null),
                gone => gone, "the gateway pod to be stopped (Deployment deleted)", ct);
            await Eventually.UntilAsync(_ => Task.FromResult(deletions.Count >= 3), done => done,
                "the DELETED events of the APIService, the gateway Deployment and its Service", ct);
            await pollStop.CancelAsync();
            await watchStop.CancelAsync();
            await poll;
            await Task.WhenAll(watches);
            var order = deletions.OrderBy(d => d.ResourceVersion).Select(d => d.Label).ToList();
            order.First().Should().Be($"APIService/{Names.ApiService}",
                $"the APIService must be deleted before the gateway's Deployment and Service (order: {string.Join(", ", order)})");
            violations.Should().BeEmpty("hub discovery must never list cluster.core.oam.dev/v1alpha1 while its backend fails");
            (await Probes.ListedAsync(admin, ct)).Should().BeFalse();
        });
    }

    private static async Task UserChecksAsync(StepRunner steps, FakeHubEnvironment env)
    {
        await steps.StepAsync("grant alice clustergateways/proxy with kubectl (bob gets nothing)", async ct =>
            await Kube.ApplyAsync(env.AdminKubeconfig, HubAccess.AliceRbacYaml, ct));
        var alice = env.ProxyKubeconfig("c1", FakeHubEnvironment.AliceToken);
        var bob = env.ProxyKubeconfig("c1", FakeHubEnvironment.BobToken);
        var c1 = env.Clusters["c1"].Server;

        await steps.CheckAsync("alice: kubectl get --raw …/clustergateways/c1/proxy/api/v1/namespaces", async ct =>
            (await Kube.OkAsync(env.AliceKubeconfig, ct, "get", "--raw",
                "/apis/cluster.core.oam.dev/v1alpha1/clustergateways/c1/proxy/api/v1/namespaces")).Should().Contain("\"default\""));

        await steps.CheckAsync("bob: the same call is 403 Forbidden", async ct =>
        {
            var result = await Kube.RunAsync(env.BobKubeconfig, ct, "get", "--raw",
                "/apis/cluster.core.oam.dev/v1alpha1/clustergateways/c1/proxy/api/v1/namespaces");
            result.Succeeded.Should().BeFalse();
            result.StdErr.Should().ContainEquivalentOf("forbidden");
        });

        await steps.CheckAsync("alice: create, get and delete a ConfigMap in c1 through the proxy", async ct =>
        {
            await Kube.OkAsync(alice, ct, "create", "configmap", "journey", "-n", "default", "--from-literal=k=v");
            c1.Store.Get(FakeResource.ConfigMaps, "default", "journey").Should().NotBeNull("the ConfigMap must land on c1");
            (await Kube.OkAsync(alice, ct, "get", "configmap", "journey", "-n", "default", "-o", "jsonpath={.data.k}")).Should().Be("v");
            await Kube.OkAsync(alice, ct, "delete", "configmap", "journey", "-n", "default");
            c1.Store.Get(FakeResource.ConfigMaps, "default", "journey").Should().BeNull();
        });

        await steps.CheckAsync("bob: creating a ConfigMap through the proxy is 403 and nothing lands on c1", async ct =>
        {
            var result = await Kube.RunAsync(bob, ct, "create", "configmap", "bobs", "-n", "default", "--from-literal=k=v");
            result.Succeeded.Should().BeFalse();
            result.StdErr.Should().ContainEquivalentOf("forbidden");
            c1.Store.Get(FakeResource.ConfigMaps, "default", "bobs").Should().BeNull();
        });

        await steps.CheckAsync("alice: kubectl get -w sees a change made on c1", async ct =>
        {
            await using var watch = Kubectl.Start(alice, ["get", "configmaps", "-n", "default", "-w", "-o", "name"]);
            await c1.Store.WaitForWatchAsync(FakeResource.ConfigMaps, 1, TestTimeouts.Default, ct);
            c1.Store.Put(new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = "watched", ["namespace"] = "default" },
            });
            await watch.WaitForLineAsync(l => l.Contains("configmap/watched", StringComparison.Ordinal), TestTimeouts.Default, ct);
        });

        await steps.CheckAsync("alice: kubectl exec in c1's pod through the hub", async ct =>
            (await Kube.OkAsync(alice, ct, "exec", "web", "-n", "default", "--", "echo", "hello-from-c1")).Should().Contain("hello-from-c1"));

        await steps.CheckAsync("alice: kubectl port-forward to c1's pod through the hub echoes", async ct =>
        {
            const string prefix = "Forwarding from 127.0.0.1:";
            var forward = Kubectl.Start(alice, ["port-forward", "-n", "default", "pod/web", ":8080"]);
            await using (forward)
            {
                var line = await forward.WaitForLineAsync(l => l.StartsWith(prefix, StringComparison.Ordinal), TestTimeouts.Default, ct);
                var port = int.Parse(line[prefix.Length..line.IndexOf(' ', prefix.Length)], System.Globalization.CultureInfo.InvariantCulture);
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port, ct);
                var stream = client.GetStream();
                var payload = Encoding.ASCII.GetBytes("ping-through-the-hub");
                await stream.WriteAsync(payload, ct);
                var echo = new byte[payload.Length];
                await stream.ReadExactlyAsync(echo, ct);
                echo.Should().Equal(payload);
            }
        });

        await steps.CheckAsync("KubernetesClient (official C# client) lists and watches ClusterGateways through the hub", async ct =>
        {
            using var client = new Kubernetes(ClientConfig(env, env.Hub.Url, FakeHubEnvironment.AliceToken));
            var list = (JsonElement)await client.CustomObjects.ListClusterCustomObjectAsync(Names.Group, "v1alpha1", "clustergateways", cancellationToken: ct);
            list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString())
                .Should().Equal("c1");
            using var watchCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            await foreach (var (type, item) in client.CustomObjects.WatchListClusterCustomObjectAsync(Names.Group, "v1alpha1",
                               "clustergateways", cancellationToken: watchCts.Token))
            {
                type.Should().Be(WatchEventType.Added);
                ((JsonElement)item).GetProperty("metadata").GetProperty("name").GetString().Should().Be("c1");
                break;
            }
        });

        await steps.CheckAsync("KubernetesClient lists ConfigMaps in c1 through the proxy", async ct =>
        {
            c1.Store.Put(new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = "seen-by-kubernetesclient", ["namespace"] = "default" },
            });
            using var client = new Kubernetes(ClientConfig(env, env.ProxyUrl("c1"), FakeHubEnvironment.AliceToken));
            var maps = await client.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: ct);
            maps.Items.Select(m => m.Metadata.Name).Should().Contain("seen-by-kubernetesclient");
        });
    }

    private static async Task HealthChecksAsync(StepRunner steps, FakeHubEnvironment env, FakeApiServer hub)
    {
        async Task<string> AvailableAsync(CancellationToken ct)
        {
            var table = await Kube.OkAsync(env.AdminKubeconfig, ct, "get", "managedclusteraddon", "-n", "c1", Names.Addon);
            var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines[0].Should().StartWith("NAME").And.Contain("AVAILABLE", "the printer columns come from the OCM CRD");
            return lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        }

        await steps.CheckAsync("kubectl get managedclusteraddon -n c1 cluster-gateway shows AVAILABLE True", async ct =>
            await Eventually.UntilAsync(AvailableAsync, a => a == "True", "AVAILABLE True", ct));

        var relay = env.Clusters["c1"].Relay;
        await steps.CheckAsync("c1's apiserver stops: AVAILABLE turns False within two probe intervals", async ct =>
        {
            relay.Stop();
            var stopped = DateTimeOffset.UtcNow;
            await Eventually.UntilAsync(AvailableAsync, a => a == "False", "AVAILABLE False", ct);
            var took = DateTimeOffset.UtcNow - stopped;
            took.Should().BeLessThan(2 * Names.HealthInterval + TimeSpan.FromSeconds(3),
                "two probe intervals (+ the probe's own timeout and kubectl's round trip)");
        }, TimeSpan.FromSeconds(30));

        await steps.CheckAsync("c1's apiserver returns: AVAILABLE turns True again", async ct =>
        {
            relay.Start();
            await Eventually.UntilAsync(AvailableAsync, a => a == "True", "AVAILABLE True again", ct);
        }, TimeSpan.FromSeconds(30));
        _ = hub;
    }

    private static KubernetesClientConfiguration ClientConfig(FakeHubEnvironment env, Uri host, string token)
    {
        var ca = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        ca.ImportFromPem(env.Hub.CaPem);
        return new KubernetesClientConfiguration { Host = host.ToString().TrimEnd('/'), AccessToken = token, SslCaCerts = ca };
    }

    private static FakeResource Resource(FakeApiServer hub, string group, string version, string plural) =>
        hub.Store.FindResource(group, version, plural) ?? throw new InvalidOperationException($"{plural}.{group} is not served");

    private static Task<JsonObject> WaitDeploymentAvailableAsync(FakeApiServer hub, string ns, string name, CancellationToken ct) =>
        hub.Store.WaitForAsync(FakeResource.Deployments, ns, name,
            d => d["status"]?["availableReplicas"]?.GetValue<int>() >= 1 &&
                 d["status"]?["observedGeneration"]?.GetValue<long>() == d["metadata"]?["generation"]?.GetValue<long>(),
            TestTimeouts.Long, ct);
}
