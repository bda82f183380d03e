using ClusterGateway.Kube.Models;

namespace ClusterGateway.Kube.Client;

/// <summary>
/// A Kubernetes API call failed with a <see cref="Models.Status"/> (a non-2xx answer, or an ERROR watch event).
/// When the server sent no Status body, one is synthesized from the HTTP status code and the body text.
/// </summary>
public sealed class KubeApiException : Exception
{
    /// <summary>Creates the exception from a Status.</summary>
    /// <param name="status">The Status returned by the server.</param>
    /// <param name="innerException">Optional cause.</param>
    public KubeApiException(Status status, Exception? innerException = null)
        : base(status.Message ?? $"Kubernetes API error {status.Code} {status.Reason}", innerException)
    {
        Status = status;
    }

    /// <summary>The Status the server returned.</summary>
    public Status Status { get; }

    /// <summary>HTTP status code (e.g. 404).</summary>
    public int Code => Status.Code;

    /// <summary>Kubernetes reason (e.g. <c>NotFound</c>); may be empty.</summary>
    public string Reason => Status.Reason ?? "";

    /// <summary>401 Unauthorized: no or bad credentials.</summary>
    public bool IsUnauthorized => Code == 401;

    /// <summary>403 Forbidden: authenticated but not allowed.</summary>
    public bool IsForbidden => Code == 403;

    /// <summary>404 NotFound.</summary>
    public bool IsNotFound => Code == 404;

    /// <summary>409 Conflict (stale resourceVersion) or AlreadyExists.</summary>
    public bool IsConflict => Code == 409;

    /// <summary>410 Gone / Expired: the resourceVersion is too old; relist.</summary>
    public bool IsGone => Code == 410 || Reason is "Expired" or "Gone";
}
