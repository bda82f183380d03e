using System.Net;
using System.Text;
using ClusterGateway.Gateway.Observability;
using ClusterGateway.Hosting;
using ClusterGateway.TestSupport;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace ClusterGateway.Gateway.Tests.Observability;

/// <summary>
/// The access log through the shared Serilog setup (the production path, with a collecting sink instead of the
/// console): one line per proxied request with the inner request's fields, never the caller's token or a query value.
/// </summary>
public sealed class AccessLogTests
{
    private const string ConfigMap = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1"},"data":{"k":"v"}}""";

    [Fact(Timeout = 60_000)]
    public async Task ProxiedGet_OneLineWithTheInnerRequestsFields_NoTokenNoQueryValue()
    {
        var sink = new CollectingSink();
        await using var env = await ObservedGateway.StartAsync(Serilog(sink));
        (await env.Client.PostAsync(ObservedGateway.ProxyPath("/api/v1/namespaces/default/configmaps"),
            new StringContent(ConfigMap, Encoding.UTF8, "application/json"))).StatusCode.Should().Be(HttpStatusCode.Created);

        using var response = await env.Client.GetAsync(
            ObservedGateway.ProxyPath("/api/v1/namespaces/default/configmaps/cm1?token=secret&pretty=true"));
        var body = await response.Content.ReadAsByteArrayAsync();
        // Same connection: this request starts only after the previous one's pipeline, its log line included, ended.
        (await env.Client.GetAsync("/version")).EnsureSuccessStatusCode();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var lines = sink.Of(AccessLog.Category);
        lines.Should().HaveCount(2, "one line per proxied request, none for /version");
        var get = lines[1];
        get.Level.Should().Be(LogEventLevel.Information);
        Value(get, "User").Should().Be(ClusterGateway.Gateway.Security.KubeUser.Local.Name);
        Value(get, "RequestMethod").Should().Be("GET");
        Value(get, "RequestPath").Should().Be(ObservedGateway.ProxyPath("/api/v1/namespaces/default/configmaps/cm1"));
        Value(get, "Cluster").Should().Be("c1");
        Value(get, "Verb").Should().Be("get");
        Value(get, "Resource").Should().Be("configmaps");
        Value(get, "Subresource").Should().Be("");
        Value(get, "Namespace").Should().Be("default");
        Value(get, "Name").Should().Be("cm1");
        Value(get, "StatusCode").Should().Be(200);
        Value(get, "Bytes").Should().Be((long)body.Length);
        ((double)Value(get, "Elapsed")!).Should().BePositive();
        get.Properties.Should().NotContainKey("SessionSeconds");
        Value(lines[0], "Verb").Should().Be("create");
        Value(lines[0], "StatusCode").Should().Be(201);

        Render(get).Should().NotContain("secret").And.NotContain(env.Gateway.Token).And.NotContain("?");
        Text(get).Should().Be($"{ClusterGateway.Gateway.Security.KubeUser.Local.Name} GET {ObservedGateway.ProxyPath("/api/v1/namespaces/default/configmaps/cm1")} " +
            $"cluster=c1 verb=get resource=configmaps subresource= namespace=default name=cm1 status=200 bytes={body.Length} " +
            $"duration={(double)Value(get, "Elapsed")!:0.000}ms");
    }

    [Fact(Timeout = 60_000)]
    public async Task Refusal_IsLoggedWithItsStatusAndSize()
    {
        var sink = new CollectingSink();
        await using var env = await ObservedGateway.StartAsync(Serilog(sink));
        env.Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "wrong-token");

        using var response = await env.Client.GetAsync(ObservedGateway.ProxyPath("/api/v1/namespaces?token=secret"));
        var body = await response.Content.ReadAsByteArrayAsync();
        (await env.Client.GetAsync("/version")).EnsureSuccessStatusCode();

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var line = sink.Of(AccessLog.Category).Should().ContainSingle().Subject;
        Value(line, "StatusCode").Should().Be(401);
        Value(line, "User").Should().Be("");
        Value(line, "Resource").Should().Be("namespaces");
        Value(line, "Bytes").Should().Be((long)body.Length);
        Render(line).Should().NotContain("secret").And.NotContain("wrong-token");
    }

    [Fact(Timeout = 60_000)]
    public async Task AccessLogOff_NoLine()
    {
        var sink = new CollectingSink();
        await using var env = await ObservedGateway.StartAsync(Serilog(sink), accessLog: false);

        (await env.Client.GetAsync(ObservedGateway.ProxyPath("/api/v1/namespaces"))).EnsureSuccessStatusCode();
        // Same connection: the proxied request's pipeline has ended (ProxiedGet_... shows its line is there by now).
        (await env.Client.GetAsync("/version")).EnsureSuccessStatusCode();

        sink.Of(AccessLog.Category).Should().BeEmpty();
        sink.Events.Should().NotContain(e => e.RenderMessage().Contains("/proxy", StringComparison.Ordinal));
    }

    private static Action<ILoggingBuilder> Serilog(CollectingSink sink) => logging => ConsoleLogging.Use(logging,
        ConsoleLogging.Levels(new LoggerConfiguration(), 0).WriteTo.Sink(sink).CreateLogger(), 0, dispose: true);

    private static object? Value(LogEvent e, string name) =>
        e.Properties.TryGetValue(name, out var value) ? (value as ScalarValue)?.Value : null;

    // The console's text line (ConsoleLogging.TextTemplate's message part).
    private static string Text(LogEvent e)
    {
        using var writer = new StringWriter();
        new MessageTemplateTextFormatter("{Message:lj}", System.Globalization.CultureInfo.InvariantCulture).Format(e, writer);
        return writer.ToString();
    }

    private static string Render(LogEvent e)
    {
        using var writer = new StringWriter();
        new JsonFormatter(renderMessage: true).Format(e, writer);
        return writer.ToString();
    }
}
