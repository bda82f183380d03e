using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Local;
using ClusterGateway.Gateway.Security;
using YamlDotNet.Core;

namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>
/// Parses a <c>ClusterGatewayProxyConfiguration</c> document (YAML or JSON; upstream
/// <c>pkg/apis/cluster/v1alpha1/clustergateway_proxy_configuration.go</c>, sample
/// <c>examples/client-identity-exchanger/config.yaml</c>):
/// <code>
/// apiVersion: cluster.core.oam.dev/v1alpha1     # optional; when set, exactly this
/// kind: ClusterGatewayProxyConfiguration         # optional; when set, exactly this
/// spec:
///   clientIdentityExchanger:
///     rules:
///       - name: super-user
///         type: PrivilegedIdentityExchanger
///         source: { group: sudoer }
///       - name: mapping
///         type: StaticMappingIdentityExchanger
///         source: { user: user-12345, cluster: cluster-34567 }
///         target: { user: user-34567 }
///       - name: sso
///         type: ExternalIdentityExchanger
///         source: { clusterPattern: "^prod-" }
///         url: https://exchanger.example/exchange
///         timeout: 5s
///         cacheTTL: 1m
/// </code>
/// An empty text is an empty configuration. Rule fields: <see cref="IdentityExchangeRuleReader"/>.
/// </summary>
internal static class ProxyConfigurationParser
{
    /// <summary>The document's <c>apiVersion</c>.</summary>
    public const string ApiVersion = "cluster.core.oam.dev/v1alpha1";

    /// <summary>The document's <c>kind</c>.</summary>
    public const string Kind = "ClusterGatewayProxyConfiguration";

    /// <summary>Rule type: no impersonation.</summary>
    public const string PrivilegedType = "PrivilegedIdentityExchanger";

    /// <summary>Rule type: a fixed target identity.</summary>
    public const string StaticMappingType = "StaticMappingIdentityExchanger";

    /// <summary>Rule type: an identity answered by a web service.</summary>
    public const string ExternalType = "ExternalIdentityExchanger";

    /// <summary>Field path of the rule list, used in messages.</summary>
    public const string RulesPath = "spec.clientIdentityExchanger.rules";

    /// <summary>Parses and validates a document.</summary>
    /// <param name="text">The YAML or JSON text.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="FormatException">Not YAML/JSON, not one object, or invalid rules; the message lists every
    /// problem, e.g. <c>rule "mapping" (spec.clientIdentityExchanger.rules[1]): target: is required for
    /// StaticMappingIdentityExchanger</c>.</exception>
    public static ProxyConfiguration Parse(string text)
    {
        IReadOnlyList<JsonNode?> documents;
        try
        {
            documents = YamlDocuments.Parse(text);
        }
        catch (YamlException e)
        {
            throw new FormatException($"not valid YAML or JSON: {e.Message}", e);
        }

        if (documents.Count == 0)
        {
            return ProxyConfiguration.Empty;
        }

        if (documents.Count > 1 || documents[0] is not JsonObject root)
        {
            throw new FormatException($"expected one {Kind} object, found {Describe(documents)}");
        }

        var errors = new List<string>();
        var document = new ConfigObject(root, "", "", errors);
        document.AllowOnly("apiVersion", "kind", "metadata", "spec");
        Expect(document, "apiVersion", ApiVersion);
        Expect(document, "kind", Kind);
        var exchanger = document.Object("spec") is { } spec
            ? ReadSpec(spec)
            : null;
        var rules = new List<IdentityExchangeRule>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var nodes = exchanger?.Objects("rules") ?? [];
        for (var i = 0; i < nodes.Count; i++)
        {
            if (IdentityExchangeRuleReader.Read(nodes[i], i, names, errors) is { } rule)
            {
                rules.Add(rule);
            }
        }

        return errors.Count == 0 ? new ProxyConfiguration(rules) : throw new FormatException(string.Join("; ", errors));
    }

    private static ConfigObject? ReadSpec(ConfigObject spec)
    {
        spec.AllowOnly("clientIdentityExchanger");
        var exchanger = spec.Object("clientIdentityExchanger");
        exchanger?.AllowOnly("rules");
        return exchanger;
    }

    private static void Expect(ConfigObject document, string field, string expected)
    {
        if (document.String(field) is { } actual && !string.Equals(actual, expected, StringComparison.Ordinal))
        {
            document.Error(field, $"must be {expected}, not {ForbiddenStatus.GoQuote(actual)}");
        }
    }

    private static string Describe(IReadOnlyList<JsonNode?> documents) => documents.Count > 1
        ? $"{documents.Count} documents"
        : $"a {documents[0]?.GetValueKind().ToString().ToLowerInvariant() ?? "null"} value";
}
