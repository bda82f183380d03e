using System.Net;
using System.Text.Json;
using ClusterGateway.Kube.Json;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Kube.Client;

/// <summary>
/// Turns an error response into a <see cref="Status"/>: the body when it is one, otherwise one synthesized from the
/// HTTP code and body text, with client-go's reasons (<c>apierrors.NewGenericServerResponse</c>).
/// </summary>
internal static class StatusFactory
{
    private const int MaxMessageLength = 1024;

    public static Status FromResponse(HttpStatusCode code, string body)
    {
        var trimmed = body.AsSpan().Trim();
        if (trimmed.StartsWith("{", StringComparison.Ordinal))
        {
            try
            {
                var status = JsonSerializer.Deserialize<Status>(trimmed, KubeJson.Options);
                if (status is not null && string.Equals(status.Kind, "Status", StringComparison.Ordinal))
                {
                    status.Code = status.Code == 0 ? (int)code : status.Code;
                    return status;
                }
            }
            catch (JsonException)
            {
                // Not a Status: fall through and synthesize one.
            }
        }

        var message = trimmed.Length == 0
            ? $"the server responded with {(int)code} {ReasonFor(code)}"
            : trimmed.Length > MaxMessageLength ? string.Concat(trimmed[..MaxMessageLength], "...") : trimmed.ToString();
        return Status.Failure((int)code, ReasonFor(code), message);
    }

    public static string ReasonFor(HttpStatusCode code) => code switch
    {
        HttpStatusCode.BadRequest => "BadRequest",
        HttpStatusCode.Unauthorized => "Unauthorized",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.NotFound => "NotFound",
        HttpStatusCode.MethodNotAllowed => "MethodNotAllowed",
        HttpStatusCode.NotAcceptable => "NotAcceptable",
        HttpStatusCode.Conflict => "Conflict",
        HttpStatusCode.Gone => "Expired",
        HttpStatusCode.RequestEntityTooLarge => "RequestEntityTooLarge",
        HttpStatusCode.UnsupportedMediaType => "UnsupportedMediaType",
        HttpStatusCode.UnprocessableEntity => "Invalid",
        HttpStatusCode.TooManyRequests => "TooManyRequests",
        HttpStatusCode.ServiceUnavailable => "ServiceUnavailable",
        HttpStatusCode.GatewayTimeout => "Timeout",
        _ when (int)code >= 500 => "InternalError",
        _ => "Unknown",
    };
}
