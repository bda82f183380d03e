using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;
using ClusterGateway.TestSupport.Charts;

namespace ClusterGateway.Kube.Tests.Fidelity;

/// <summary>
/// The fake hub admits custom resources as kube-apiserver does for structural schemas: unknown fields pruned,
/// defaults filled, the schema and list-type invariants validated (422 Invalid naming the fields), status only through
/// the status subresource. Uses the chart's real ClusterGatewayConfiguration CRD and a small CRD for the rest.
/// </summary>
public sealed class CustomResourceValidationTests
{
    private const string CgcPath = "/apis/proxy.open-cluster-management.io/v1alpha1/clustergatewayconfigurations";
    private const string WidgetPath = "/apis/example.com/v1/namespaces/default/widgets";
    private const string CgcQualifiedKind = "ClusterGatewayConfiguration.proxy.open-cluster-management.io";

    private const string WidgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget}
          versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  apiVersion: {type: string}
                  kind: {type: string}
                  metadata: {type: object}
                  spec:
                    type: object
                    properties:
                      tags: {type: array, x-kubernetes-list-type: set, items: {type: string}}
                      ports:
                        type: array
                        x-kubernetes-list-type: map
                        x-kubernetes-list-map-keys: [port, protocol]
                        items:
                          type: object
                          required: [port]
                          properties:
                            port: {type: integer, minimum: 1, maximum: 65535}
                            protocol: {type: string}
                            name: {type: string, maxLength: 5}
                      size: {x-kubernetes-int-or-string: true}
                      count: {type: integer}
                      note: {type: string, nullable: true}
                      mode: {type: string, default: Fast}
                      when: {type: string, format: date-time}
                      labels: {type: object, additionalProperties: {type: string, minLength: 1}}
                      free:
                        type: object
                        x-kubernetes-preserve-unknown-fields: true
                        properties:
                          known: {type: object, properties: {a: {type: string}}}
                      template:
                        type: object
                        x-kubernetes-embedded-resource: true
                        properties: {spec: {type: object, properties: {replicas: {type: integer}}}}
                  status:
                    type: object
                    properties:
                      phase: {type: string, enum: [Ready, Failed]}
        """;

    [Fact(Timeout = 60_000)]
    public async Task ClusterGatewayConfiguration_invalid_enum_is_422_naming_the_field_and_nothing_is_stored()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();

        var (code, status) = await SendAsync(client, HttpMethod.Post, CgcPath, Cgc("cluster-gateway", egressType: "Foo"));

        code.Should().Be(422);
        status["reason"]!.GetValue<string>().Should().Be("Invalid");
        status["message"]!.GetValue<string>().Should().Be(
            $"{CgcQualifiedKind} \"cluster-gateway\" is invalid: spec.egress.type: Unsupported value: \"Foo\": " +
            "supported values: \"Direct\", \"ClusterProxy\"");
        JsonNode.DeepEquals(status["details"], JsonNode.Parse("""
            {"name":"cluster-gateway","group":"proxy.open-cluster-management.io","kind":"ClusterGatewayConfiguration",
             "causes":[{"reason":"FieldValueNotSupported","field":"spec.egress.type",
                        "message":"Unsupported value: \"Foo\": supported values: \"Direct\", \"ClusterProxy\""}]}
            """)).Should().BeTrue(status["details"]!.ToJsonString());
        server.Store.List(CgcResource(server)).Should().BeEmpty();
    }

    [Fact(Timeout = 60_000)]
    public async Task ClusterGatewayConfiguration_wrong_type_and_missing_required_are_joined_in_brackets()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        var body = Cgc("cluster-gateway", egressType: "ClusterProxy");
        body["spec"]!.AsObject().Remove("image");
        body["spec"]!["egress"]!["clusterProxy"] = new JsonObject
        {
            ["proxyServerHost"] = "proxy-entrypoint",
            ["proxyServerPort"] = "8090",
            ["credentials"] = new JsonObject { ["namespace"] = "ns", ["proxyClientSecretName"] = "c" },
        };

        var (code, status) = await SendAsync(client, HttpMethod.Post, CgcPath, body);

        code.Should().Be(422);
        status["message"]!.GetValue<string>().Should().Be(
            $"{CgcQualifiedKind} \"cluster-gateway\" is invalid: [" +
            "spec.egress.clusterProxy.credentials.proxyClientCASecretName: Required value, " +
            "spec.egress.clusterProxy.proxyServerPort: Invalid value: \"string\": " +
            "spec.egress.clusterProxy.proxyServerPort in body must be of type integer: \"string\", " +
            "spec.image: Required value]");
        status["details"]!["causes"]!.AsArray().Select(c => $"{c!["reason"]} {c["field"]}").Should().Equal(
            "FieldValueRequired spec.egress.clusterProxy.credentials.proxyClientCASecretName",
            "FieldValueTypeInvalid spec.egress.clusterProxy.proxyServerPort",
            "FieldValueRequired spec.image");
    }

    [Fact(Timeout = 60_000)]
    public async Task ClusterGatewayConfiguration_valid_is_stored_with_unknown_fields_pruned_and_defaults_filled()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        var body = Cgc("cluster-gateway", egressType: "Direct");
        body["bogus"] = "root";
        body["metadata"]!["bogus"] = "meta";
        body["spec"]!["bogus"] = "spec";
        body["spec"]!["secretManagement"] = new JsonObject { ["managedServiceAccount"] = new JsonObject() };

        var (code, created) = await SendAsync(client, HttpMethod.Post, CgcPath, body);

        code.Should().Be(201, created.ToJsonString());
        var (_, stored) = await SendAsync(client, HttpMethod.Get, CgcPath + "/cluster-gateway", null);
        stored["bogus"].Should().BeNull();
        stored["metadata"]!["bogus"].Should().BeNull();
        stored["spec"]!["bogus"].Should().BeNull();
        stored["spec"]!["image"]!.GetValue<string>().Should().Be("oamdev/cluster-gateway:v1.1.6.ocm");
        stored["spec"]!["secretManagement"]!.ToJsonString().Should().Be(
            """{"managedServiceAccount":{"name":"cluster-gateway"},"type":"ManagedServiceAccount"}""");

        // The same write again: valid, no error, and the pruned field does not come back.
        var (again, _) = await SendAsync(client, HttpMethod.Patch, CgcPath + "/cluster-gateway",
            new JsonObject { ["spec"] = new JsonObject { ["bogus"] = "again", ["image"] = "img:2" } },
            "application/merge-patch+json");
        again.Should().Be(200);
        var (_, patched) = await SendAsync(client, HttpMethod.Get, CgcPath + "/cluster-gateway", null);
        patched["spec"]!["bogus"].Should().BeNull();
        patched["spec"]!["image"]!.GetValue<string>().Should().Be("img:2");
    }

    [Fact(Timeout = 60_000)]
    public async Task Every_patch_type_and_update_is_validated_and_an_invalid_one_changes_nothing()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        (await SendAsync(client, HttpMethod.Post, CgcPath, Cgc("g", "Direct"))).Code.Should().Be(201);
        var item = CgcPath + "/g";
        const string Expected = "spec.egress.type: Unsupported value: \"Bad\"";

        var put = Cgc("g", "Bad");
        var merge = new JsonObject { ["spec"] = new JsonObject { ["egress"] = new JsonObject { ["type"] = "Bad" } } };
        var jsonPatch = JsonNode.Parse("""[{"op":"replace","path":"/spec/egress/type","value":"Bad"}]""")!;
        var apply = Cgc("g", "Bad");
        foreach (var (method, path, body, type) in new (HttpMethod, string, JsonNode, string)[]
                 {
                     (HttpMethod.Put, item, put, "application/json"),
                     (HttpMethod.Patch, item, merge, "application/merge-patch+json"),
                     (HttpMethod.Patch, item, merge, "application/strategic-merge-patch+json"),
                     (HttpMethod.Patch, item, jsonPatch, "application/json-patch+json"),
                     // force: the create's manager owns spec.egress.type, so without it the apply is a 409 conflict first.
                     (HttpMethod.Patch, item + "?fieldManager=test&force=true", apply, "application/apply-patch+yaml"),
                     (HttpMethod.Patch, CgcPath + "/fresh?fieldManager=test", Cgc("fresh", "Bad"),
                         "application/apply-patch+yaml"),
                 })
        {
            var (code, status) = await SendAsync(client, method, path, body, type);
            code.Should().Be(422, $"{method} {type}: {status.ToJsonString()}");
            status["message"]!.GetValue<string>().Should().Contain(Expected, type);
        }

        var (_, stored) = await SendAsync(client, HttpMethod.Get, item, null);
        stored["spec"]!["egress"]!["type"]!.GetValue<string>().Should().Be("Direct");
        stored["metadata"]!["generation"]!.GetValue<long>().Should().Be(1);
        server.Store.Get(CgcResource(server), null, "fresh").Should().BeNull();
    }

    [Fact(Timeout = 60_000)]
    public async Task Status_is_dropped_on_every_main_resource_write_and_validated_through_the_subresource()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        var withStatus = Cgc("g", "Direct");
        withStatus["status"] = new JsonObject { ["lastObservedGeneration"] = 7 };
        (await SendAsync(client, HttpMethod.Post, CgcPath, withStatus)).Code.Should().Be(201);
        (await SendAsync(client, HttpMethod.Patch, CgcPath + "/applied?fieldManager=test",
            Cgc("applied", "Direct", status: 7), "application/apply-patch+yaml")).Code.Should().Be(201);
        server.Store.Get(CgcResource(server), null, "applied")!["status"].Should().BeNull("apply create drops status");

        var statusPatch = new JsonObject { ["status"] = new JsonObject { ["lastObservedGeneration"] = 8 } };
        foreach (var (method, path, body, type) in new (HttpMethod, string, JsonNode, string)[]
                 {
                     (HttpMethod.Put, CgcPath + "/g", withStatus, "application/json"),
                     (HttpMethod.Patch, CgcPath + "/g", statusPatch, "application/merge-patch+json"),
                     (HttpMethod.Patch, CgcPath + "/g", statusPatch, "application/strategic-merge-patch+json"),
                     (HttpMethod.Patch, CgcPath + "/g", JsonNode.Parse(
                         """[{"op":"add","path":"/status","value":{"lastObservedGeneration":9}}]""")!,
                         "application/json-patch+json"),
                     (HttpMethod.Patch, CgcPath + "/g?fieldManager=test", Cgc("g", "Direct", status: 10),
                         "application/apply-patch+yaml"),
                 })
        {
            var (code, answer) = await SendAsync(client, method, path, body, type);
            code.Should().Be(200, $"{method} {type}");
            answer["status"].Should().BeNull($"{method} {type} through the main resource must not set status");
        }

        server.Store.Get(CgcResource(server), null, "g")!["status"].Should().BeNull();
        var badCondition = JsonNode.Parse("""
            {"status":{"conditions":[{"type":"Available","status":"Maybe","reason":"not camel",
              "message":"m","lastTransitionTime":"2024-01-01T00:00:00Z"}]}}
            """)!;
        var (bad, invalid) = await SendAsync(client, HttpMethod.Patch, CgcPath + "/g/status", badCondition,
            "application/merge-patch+json");
        bad.Should().Be(422);
        invalid["message"]!.GetValue<string>().Should().Be($"{CgcQualifiedKind} \"g\" is invalid: [" +
            "status.conditions[0].reason: Invalid value: \"not camel\": status.conditions[0].reason in body should " +
            "match '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$', " +
            "status.conditions[0].status: Unsupported value: \"Maybe\": supported values: \"True\", \"False\", \"Unknown\"]");

        badCondition["status"]!["conditions"]![0]!["status"] = "True";
        badCondition["status"]!["conditions"]![0]!["reason"] = "Deployed";
        var (good, stored) = await SendAsync(client, HttpMethod.Patch, CgcPath + "/g/status", badCondition,
            "application/merge-patch+json");
        good.Should().Be(200, stored.ToJsonString());
        stored["status"]!["conditions"]![0]!["status"]!.GetValue<string>().Should().Be("True");

        var (missing, _) = await SendAsync(client, HttpMethod.Patch, CgcPath + "/absent/status?fieldManager=test",
            Cgc("absent", "Direct", status: 1), "application/apply-patch+yaml");
        missing.Should().Be(404, "the status subresource never creates");
    }

    [Fact(Timeout = 60_000)]
    public async Task Widget_list_types_formats_ranges_and_lengths_are_checked()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        var (code, status) = await SendAsync(client, HttpMethod.Post, WidgetPath, JsonNode.Parse("""
            {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},
             "spec":{"tags":["a","b","a","a"],
                     "ports":[{"port":80,"protocol":"TCP"},{"port":80,"protocol":"TCP","name":"toolong"},
                              {"port":0,"protocol":"UDP"},{"port":81}],
                     "size":true,"count":1.5,"when":"yesterday","labels":{"k":""}}}
            """)!);

        code.Should().Be(422);
        status["message"]!.GetValue<string>().Should().Be("Widget.example.com \"w\" is invalid: [" +
            "spec.ports[1].name: Too long: may not be more than 5 bytes, " +
            "spec.ports[2].port: Invalid value: 0: spec.ports[2].port in body should be greater than or equal to 1, " +
            "spec.size: Invalid value: \"boolean\": spec.size in body must be of type integer,string: \"boolean\", " +
            "spec.count: Invalid value: \"number\": spec.count in body must be of type integer: \"number\", " +
            "spec.when: Invalid value: \"yesterday\": spec.when in body must be of type date-time: \"yesterday\", " +
            "spec.labels.k: Invalid value: \"\": spec.labels.k in body should be at least 1 chars long, " +
            "spec.tags[2]: Duplicate value: \"a\", " +
            "spec.ports[3].protocol: Required value, " +
            "spec.ports[1]: Duplicate value: {\"port\":80,\"protocol\":\"TCP\"}]");
        status["details"]!["causes"]!.AsArray().Select(c => c!["reason"]!.GetValue<string>()).Distinct().Should()
            .BeEquivalentTo("FieldValueTooLong", "FieldValueInvalid", "FieldValueTypeInvalid", "FieldValueDuplicate",
                "FieldValueRequired");
    }

    [Fact(Timeout = 60_000)]
    public async Task Widget_valid_values_pass_nulls_and_unknowns_are_pruned_and_embedded_resources_keep_type_meta()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        var (code, created) = await SendAsync(client, HttpMethod.Post, WidgetPath, JsonNode.Parse("""
            {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},
             "spec":{"tags":["a","b"],"ports":[{"port":80,"protocol":"TCP","name":"ééééé"},{"port":80,"protocol":"UDP"}],
                     "size":"3Gi","count":2.0,"note":null,"when":"2024-01-01T00:00:00Z","labels":{"k":"v"},
                     "mode":null,
                     "free":{"x":{"deep":1},"known":{"a":"s","b":2}},
                     "template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","junk":1},
                                 "spec":{"replicas":1,"other":2},"extra":3}},
             "status":{"phase":"Ready"}}
            """)!);

        code.Should().Be(201, created.ToJsonString());
        var spec = created["spec"]!;
        spec["note"].Should().BeNull();
        spec.AsObject().ContainsKey("note").Should().BeTrue("a nullable field keeps its null");
        spec["mode"]!.GetValue<string>().Should().Be("Fast", "a non-nullable null is defaulted");
        spec["free"]!.ToJsonString().Should().Be("""{"x":{"deep":1},"known":{"a":"s"}}""");
        spec["template"]!.ToJsonString().Should().Be(
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"replicas":1}}""");
        created["status"].Should().BeNull();

        var (statusCode, withStatus) = await SendAsync(client, HttpMethod.Patch, WidgetPath + "/w/status",
            JsonNode.Parse("""{"status":{"phase":"Ready","extra":1}}""")!, "application/merge-patch+json");
        statusCode.Should().Be(200);
        withStatus["status"]!.ToJsonString().Should().Be("""{"phase":"Ready"}""");
    }

    [Fact(Timeout = 60_000)]
    public async Task Seeded_invalid_objects_are_stored_and_updates_ratchet_unchanged_invalid_fields()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        var widgets = server.Store.FindResource("example.com", "v1", "widgets")!;
        server.Store.Put(widgets, JsonNode.Parse("""
            {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"default"},
             "spec":{"count":"many","tags":["a","a"],"bogus":1}}
            """)!.AsObject());
        server.Store.Get(widgets, "default", "w")!["spec"]!["bogus"]!.GetValue<int>().Should().Be(1,
            "the store itself does not validate test seeds");

        var (unrelated, answer) = await SendAsync(client, HttpMethod.Patch, WidgetPath + "/w",
            JsonNode.Parse("""{"spec":{"note":"n"}}""")!, "application/merge-patch+json");
        unrelated.Should().Be(200, answer.ToJsonString());
        answer["spec"]!["count"]!.GetValue<string>().Should().Be("many");
        (await SendAsync(client, HttpMethod.Patch, WidgetPath + "/w/status",
            JsonNode.Parse("""{"status":{"phase":"Ready"}}""")!, "application/merge-patch+json")).Code.Should().Be(200);

        var (changed, invalid) = await SendAsync(client, HttpMethod.Patch, WidgetPath + "/w",
            JsonNode.Parse("""{"spec":{"count":"more"}}""")!, "application/merge-patch+json");
        changed.Should().Be(422);
        invalid["message"]!.GetValue<string>().Should().Be("Widget.example.com \"w\" is invalid: spec.count: " +
            "Invalid value: \"string\": spec.count in body must be of type integer: \"string\"");
    }

    [Fact(Timeout = 60_000)]
    public async Task Built_in_kinds_are_not_validated()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        var (code, created) = await SendAsync(client, HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            JsonNode.Parse("""{"metadata":{"name":"cm"},"data":{"k":"v"},"whatever":{"x":1}}""")!);

        code.Should().Be(201);
        created["whatever"]!["x"]!.GetValue<int>().Should().Be(1);
    }

    [Fact(Timeout = 90_000)]
    public async Task Kubectl_apply_of_an_invalid_configuration_prints_the_422_naming_the_field()
    {
        await using var env = await KubectlEnvironment.StartAsync();
        env.Store.ApplyYaml(await File.ReadAllTextAsync(CgcCrdPath));
        var invalid = await env.RunWithInputAsync(InvalidConfiguration.Yaml, "apply", "-f", "-").WaitAsync(TestTimeouts.Default);

        invalid.ExitCode.Should().NotBe(0, invalid.ToString());
        invalid.StdErr.Should().Contain("\"cluster-gateway\" is invalid")
            .And.Contain(InvalidConfiguration.FieldError);

        var valid = await env.RunWithInputAsync(InvalidConfiguration.Valid, "apply", "-f", "-").WaitAsync(TestTimeouts.Default);
        valid.EnsureSuccess().StdOut.Should().Contain("clustergatewayconfiguration.proxy.open-cluster-management.io/cluster-gateway created");
    }

    private static string CgcCrdPath => RepositoryPaths.Combine("charts", "addon-manager", "crds",
        "proxy.open-cluster-management.io_clustergatewayconfigurations.yaml");

    private static FakeResource CgcResource(FakeApiServer server) =>
        server.Store.FindResource("proxy.open-cluster-management.io", "v1alpha1", "clustergatewayconfigurations")!;

    private static JsonObject Cgc(string name, string egressType, long? status = null)
    {
        var cgc = new JsonObject
        {
            ["apiVersion"] = "proxy.open-cluster-management.io/v1alpha1",
            ["kind"] = "ClusterGatewayConfiguration",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["image"] = "oamdev/cluster-gateway:v1.1.6.ocm",
                ["installNamespace"] = "open-cluster-management-cluster-gateway",
                ["secretNamespace"] = "open-cluster-management-credentials",
                ["egress"] = new JsonObject { ["type"] = egressType },
            },
        };
        if (status is { } generation)
        {
            cgc["status"] = new JsonObject { ["lastObservedGeneration"] = generation };
        }

        return cgc;
    }

    private static async Task<FakeApiServer> StartAsync()
    {
        var server = await FakeApiServer.StartAsync(new FakeApiServerOptions { AllowAnonymous = true });
        server.Store.ApplyYaml(await File.ReadAllTextAsync(CgcCrdPath));
        server.Store.ApplyYaml(WidgetCrd);
        return server;
    }

    private static async Task<(int Code, JsonObject Body)> SendAsync(HttpClient client, HttpMethod method, string path,
        JsonNode? body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await client.SendAsync(request).WaitAsync(TestTimeouts.Short);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }
}
