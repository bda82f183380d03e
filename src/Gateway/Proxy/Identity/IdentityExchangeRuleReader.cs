using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClusterGateway.Gateway.Security;
using ClusterGateway.Kube.Config;

namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>
/// Reads and validates one rule of <c>spec.clientIdentityExchanger.rules</c>. Stricter than upstream, which panicked
/// or silently never matched (inventory §10 item 5): every problem is reported, naming the rule.
/// </summary>
/// <remarks>
/// Rule fields: <c>name</c> (required, unique), <c>type</c> (required: <c>PrivilegedIdentityExchanger</c>,
/// <c>StaticMappingIdentityExchanger</c>, <c>ExternalIdentityExchanger</c>), <c>source</c> (required; <c>{}</c>
/// matches every caller; see <see cref="IdentitySource"/>), <c>target</c> (<c>{user, groups, uid}</c>, StaticMapping
/// only, <c>user</c> required), <c>url</c>, <c>timeout</c>, <c>cacheTTL</c> (External only; see
/// <see cref="ExternalExchangeSettings"/>). Target values must not contain control characters (they become headers).
/// </remarks>
internal static class IdentityExchangeRuleReader
{
    /// <summary>Reads the rule at <paramref name="index"/>.</summary>
    /// <param name="node">The rule object.</param>
    /// <param name="index">Its index in the list.</param>
    /// <param name="names">Names of the rules read so far (updated).</param>
    /// <param name="errors">Where problems go.</param>
    /// <returns>The rule, or <see langword="null"/> when it has problems (recorded).</returns>
    public static IdentityExchangeRule? Read(JsonObject node, int index, ISet<string> names, List<string> errors)
    {
        var path = $"{ProxyConfigurationParser.RulesPath}[{index}]";
        var named = node["name"] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : "";
        var rule = new ConfigObject(node, named.Length == 0 ? path : $"rule {ForbiddenStatus.GoQuote(named)} ({path})",
            "", errors);
        var before = errors.Count;
        rule.AllowOnly("name", "type", "source", "target", "url", "timeout", "cacheTTL");

        var name = rule.String("name");
        if (name == "" || (name is null && !rule.Has("name")))
        {
            rule.Error("name", "is required");
        }
        else if (name is not null && !names.Add(name))
        {
            rule.Error("name", "is already used by an earlier rule");
        }

        var type = ReadType(rule);
        var source = ReadSource(rule);
        var target = type == IdentityExchangeType.StaticMapping ? ReadTarget(rule) : null;
        var external = type == IdentityExchangeType.External ? ReadExternal(rule) : null;
        if (type is not null && type != IdentityExchangeType.StaticMapping && rule.Has("target"))
        {
            rule.Error("target", $"is only used by {ProxyConfigurationParser.StaticMappingType}");
        }

        foreach (var field in new[] { "url", "timeout", "cacheTTL" })
        {
            if (type is not null && type != IdentityExchangeType.External && rule.Has(field))
            {
                rule.Error(field, $"is only used by {ProxyConfigurationParser.ExternalType}");
            }
        }

        return errors.Count == before && type is { } valid && source is not null
            ? new IdentityExchangeRule(name!, valid, source, target, external)
            : null;
    }

    private static IdentityExchangeType? ReadType(ConfigObject rule)
    {
        var text = rule.String("type");
        switch (text)
        {
            case ProxyConfigurationParser.PrivilegedType:
                return IdentityExchangeType.Privileged;
            case ProxyConfigurationParser.StaticMappingType:
                return IdentityExchangeType.StaticMapping;
            case ProxyConfigurationParser.ExternalType:
                return IdentityExchangeType.External;
            case null:
                rule.Error("type", "is required");
                return null;
            default:
                rule.Error("type", $"{ForbiddenStatus.GoQuote(text)} is not one of {ProxyConfigurationParser.PrivilegedType}, " +
                    $"{ProxyConfigurationParser.StaticMappingType}, {ProxyConfigurationParser.ExternalType}");
                return null;
        }
    }

    private static IdentitySource? ReadSource(ConfigObject rule)
    {
        if (rule.Object("source") is not { } source)
        {
            rule.Error("source", "is required (an empty source {} matches every caller)");
            return null;
        }

        source.AllowOnly("user", "group", "uid", "cluster", "userPattern", "groupPattern", "clusterPattern");
        return new IdentitySource(source.String("user"), source.String("group"), source.String("uid"),
            source.String("cluster"), Pattern(source, "userPattern"), Pattern(source, "groupPattern"),
            Pattern(source, "clusterPattern"));
    }

    private static Regex? Pattern(ConfigObject source, string field)
    {
        if (source.String(field) is not { } text)
        {
            return null;
        }

        try
        {
            return new Regex(text, IdentitySource.PatternOptions);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            source.Error(field, $"{ForbiddenStatus.GoQuote(text)} is not a supported regular expression: {e.Message}");
            return null;
        }
    }

    private static ImpersonatedIdentity? ReadTarget(ConfigObject rule)
    {
        if (rule.Object("target") is not { } target)
        {
            rule.Error("target", $"is required for {ProxyConfigurationParser.StaticMappingType}");
            return null;
        }

        target.AllowOnly("user", "groups", "uid");
        var user = target.String("user");
        var groups = target.Strings("groups") ?? [];
        var uid = target.String("uid");
        if (user == "" || (user is null && !target.Has("user")))
        {
            target.Error("user", "is required (kube-apiserver refuses to impersonate groups or a UID without a user)");
        }

        foreach (var (field, text) in groups.Select(g => ("groups", g)).Append(("user", user ?? "")).Append(("uid", uid ?? "")))
        {
            if (text.Any(char.IsControl))
            {
                target.Error(field, $"{ForbiddenStatus.GoQuote(text)} must not contain control characters");
            }
        }

        return new ImpersonatedIdentity(user ?? "", string.IsNullOrEmpty(uid) ? null : uid, groups, ImpersonatedIdentity.NoExtra);
    }

    private static ExternalExchangeSettings? ReadExternal(ConfigObject rule)
    {
        var url = rule.String("url");
        Uri? parsed = null;
        if (url is null)
        {
            rule.Error("url", $"is required for {ProxyConfigurationParser.ExternalType}");
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out parsed) || parsed.Scheme is not ("http" or "https") ||
                 parsed.Host.Length == 0)
        {
            rule.Error("url", $"{ForbiddenStatus.GoQuote(url)} is not an absolute http or https URL");
        }

        var timeout = Duration(rule, "timeout", ExternalExchangeSettings.DefaultTimeout);
        if (timeout == TimeSpan.Zero)
        {
            rule.Error("timeout", "must be greater than 0");
        }

        var cacheTtl = Duration(rule, "cacheTTL", ExternalExchangeSettings.DefaultCacheTtl);
        return parsed is null ? null : new ExternalExchangeSettings(parsed, timeout, cacheTtl);
    }

    private static TimeSpan Duration(ConfigObject rule, string field, TimeSpan fallback)
    {
        if (rule.String(field) is not { } text)
        {
            return fallback;
        }

        if (GoDuration.TryParse(text, out var value))
        {
            return value;
        }

        rule.Error(field, $"{ForbiddenStatus.GoQuote(text)} is not a duration such as 5s or 1m30s");
        return fallback;
    }
}
