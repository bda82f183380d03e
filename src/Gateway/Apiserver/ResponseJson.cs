using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Json;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// The serializer of every API response body the gateway writes itself (objects, lists, Tables with embedded objects,
/// watch events, health answers, Status errors): <see cref="KubeJson.Options"/> plus, unless the
/// <c>ExposeClusterCredentials</c> feature gate is on, credential redaction. Redaction is a property of the JSON
/// contract of the credential types, so it applies wherever a ClusterGateway is nested, in any document shape:
/// <list type="bullet">
/// <item><c>spec.access.credential.serviceAccountToken</c> and <c>spec.access.credential.x509.privateKey</c> are
/// omitted; <c>credential.type</c> and the (public) <c>x509.certificate</c> stay;</item>
/// <item>a password in <c>spec.access.endpoint.const.proxy-url</c> becomes <c>xxxxx</c>, as Go's
/// <c>net/url</c> <c>URL.Redacted</c> prints it.</item>
/// </list>
/// Anyone allowed to list <c>clustergateways</c> would otherwise read every cluster's credential (upstream serves
/// them in clear). Register one instance with <see cref="Register"/>; without a registration
/// responses are redacted.
/// </summary>
internal sealed class ResponseJson
{
    /// <summary>Go's <c>URL.Redacted</c> placeholder for a password.</summary>
    public const string RedactedPassword = "xxxxx";

    private ResponseJson(JsonSerializerOptions options, bool exposesCredentials)
    {
        Options = options;
        ExposesCredentials = exposesCredentials;
    }

    /// <summary>The default: credentials withheld.</summary>
    public static ResponseJson Redacting { get; } = new(CreateRedacting(), exposesCredentials: false);

    /// <summary><c>ExposeClusterCredentials=true</c>: upstream's output, credentials in clear.</summary>
    public static ResponseJson Exposing { get; } = new(KubeJson.Options, exposesCredentials: true);

    /// <summary>The options to serialize response bodies with (read-only).</summary>
    public JsonSerializerOptions Options { get; }

    /// <summary>Whether credentials are written in clear.</summary>
    public bool ExposesCredentials { get; }

    /// <summary>The instance registered in the request's services, else <see cref="Redacting"/>.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The serializer to use.</returns>
    public static ResponseJson For(HttpContext context) =>
        context.RequestServices?.GetService<ResponseJson>() ?? Redacting;

    /// <summary>
    /// Registers the response serializer for the gate's value and applies the same redaction to ASP.NET Core's
    /// minimal-API JSON options, so an endpoint that returns a ClusterGateway as a result does not leak either.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="exposeCredentials">The <c>ExposeClusterCredentials</c> feature gate.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection Register(IServiceCollection services, bool exposeCredentials)
    {
        services.AddSingleton(exposeCredentials ? Exposing : Redacting);
        if (!exposeCredentials)
        {
            services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolver =
                (json.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(Redact));
        }

        return services;
    }

    /// <summary>Go's <c>URL.Redacted</c>: <c>scheme://user:xxxxx@host...</c> when the URL carries a password.</summary>
    /// <param name="url">A URL, possibly malformed.</param>
    /// <returns>The URL without its password; unchanged when it has none.</returns>
    public static string? RedactUrl(string? url)
    {
        var schemeEnd = url?.IndexOf("://", StringComparison.Ordinal) ?? -1;
        if (url is null || schemeEnd < 0)
        {
            return url;
        }

        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        var authority = authorityEnd < 0 ? url[authorityStart..] : url[authorityStart..authorityEnd];
        var at = authority.LastIndexOf('@');
        var colon = at < 0 ? -1 : authority.IndexOf(':', 0, at);
        return colon < 0
            ? url
            : string.Concat(url.AsSpan(0, authorityStart + colon + 1), RedactedPassword, url.AsSpan(authorityStart + at));
    }

    private static JsonSerializerOptions CreateRedacting()
    {
        var options = new JsonSerializerOptions(KubeJson.Options)
        {
            TypeInfoResolver = KubeJson.Options.TypeInfoResolver!.WithAddedModifier(Redact),
        };
        options.MakeReadOnly();
        return options;
    }

    // Keyed on the C# members, so a renamed JSON property cannot silently end the redaction.
    private static void Redact(JsonTypeInfo info)
    {
        foreach (var property in info.Properties)
        {
            var member = (property.AttributeProvider as PropertyInfo)?.Name;
            if ((info.Type == typeof(ClusterAccessCredential) && member == nameof(ClusterAccessCredential.ServiceAccountToken))
                || (info.Type == typeof(X509) && member == nameof(X509.PrivateKey)))
            {
                property.ShouldSerialize = static (_, _) => false;
            }
            else if (info.Type == typeof(ClusterEndpointConst) && member == nameof(ClusterEndpointConst.ProxyUrl))
            {
                property.Get = static endpoint => RedactUrl(((ClusterEndpointConst)endpoint).ProxyUrl);
            }
        }
    }
}
