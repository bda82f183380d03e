using System.Globalization;
using System.Text;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// The 403 Forbidden Status kube-apiserver writes when authorization denies a request
/// (k8s.io/apiserver pkg/endpoints/handlers/responsewriters/errors.go <c>Forbidden</c>/<c>forbiddenMessage</c>, and
/// apimachinery <c>errors.NewForbidden</c>), e.g.
/// <c>clustergateways.cluster.core.oam.dev "c1" is forbidden: User "alice" cannot get resource "clustergateways/proxy"
/// in API group "cluster.core.oam.dev" at the cluster scope</c> (+ <c>: reason</c>),
/// <c>... in the namespace "ns"</c> for namespaced requests, and
/// <c>forbidden: User "alice" cannot get path "/apis"</c> for non-resource requests.
/// </summary>
internal static class ForbiddenStatus
{
    /// <summary>Builds the Status.</summary>
    /// <param name="attributes">The denied request.</param>
    /// <param name="reason">The authorizer's reason, or empty.</param>
    /// <returns>The 403 Status; <c>details</c> carry group, resource (as kind) and name.</returns>
    public static Status Create(AuthorizationAttributes attributes, string reason)
    {
        var message = Sanitize(Message(attributes));
        var error = reason.Length == 0 ? message : $"{message}: {reason}";
        var qualified = attributes.ApiGroup.Length == 0
            ? attributes.Resource
            : $"{attributes.Resource}.{attributes.ApiGroup}";
        var text = (qualified.Length, attributes.Name.Length) switch
        {
            (0, _) => $"forbidden: {error}",
            (_, 0) => $"{qualified} is forbidden: {error}",
            _ => $"{qualified} {GoQuote(attributes.Name)} is forbidden: {error}",
        };
        return Status.Failure(403, "Forbidden", text, new StatusDetails
        {
            Group = NullIfEmpty(attributes.ApiGroup),
            Kind = NullIfEmpty(attributes.Resource),
            Name = NullIfEmpty(attributes.Name),
        });
    }

    /// <summary>Go's <c>strconv.Quote</c> for the characters that occur in names and paths.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The text in double quotes, with <c>"</c>, <c>\</c> and control characters escaped.</returns>
    public static string GoQuote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => c < 0x80
                    ? "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture)
                    : "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    private static string Message(AuthorizationAttributes attributes)
    {
        var user = GoQuote(attributes.User.Name);
        if (!attributes.IsResourceRequest)
        {
            return $"User {user} cannot {attributes.Verb} path {GoQuote(attributes.Path)}";
        }

        var resource = attributes.Subresource.Length == 0
            ? attributes.Resource
            : $"{attributes.Resource}/{attributes.Subresource}";
        var scope = attributes.Namespace.Length == 0
            ? "at the cluster scope"
            : $"in the namespace {GoQuote(attributes.Namespace)}";
        return $"User {user} cannot {attributes.Verb} resource {GoQuote(resource)} in API group " +
               $"{GoQuote(attributes.ApiGroup)} {scope}";
    }

    // errors.go sanitizer: strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;").
    private static string Sanitize(string message) =>
        message.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
