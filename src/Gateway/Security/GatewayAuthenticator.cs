using ClusterGateway.Kube.Client;
using Microsoft.Net.Http.Headers;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// Authenticates a request with every configured method, first success wins, like the union built by k8s.io/apiserver
/// pkg/authentication/authenticatorfactory/delegating.go, wrapped in <c>group.AuthenticatedGroupAdder</c>.
/// </summary>
/// <remarks>
/// 1. Front proxy: a client certificate chaining to the request-header CA (and with an allowed CN, when a list is
///    configured) makes the X-Remote-* headers the user (<see cref="RequestHeaderParser"/>); no username header: next.
/// 2. Client certificate: one chaining to the client CA is user CN (empty CN: next) with groups O.
/// 3. Bearer token (<c>Authorization: Bearer t</c>, Go bearertoken rules): the gateway's own token is
///    <see cref="KubeUser.Local"/>; any other goes to a TokenReview on the hub.
/// Local mode (no hub) knows only the gateway's token. A certificate that fails 1 or 2, or a token that fails 3, adds
/// an error; if nothing succeeds the request is unauthenticated (401). An authenticated user gets
/// <c>system:authenticated</c> unless it has it, or <c>system:unauthenticated</c>, or is <c>system:anonymous</c>.
/// </remarks>
/// <param name="config">Certificate settings in force.</param>
/// <param name="localToken">The gateway's own token.</param>
/// <param name="tokenReview">TokenReview client; <see langword="null"/> in local mode.</param>
internal sealed class GatewayAuthenticator(
    AuthenticationConfigSource config, LocalTokenAuthentication localToken, TokenReviewAuthenticator? tokenReview)
{
    private const string Authenticated = "system:authenticated";

    // The same for every request with the gateway's own token (KubeUser.Local already has the group).
    private static readonly AuthenticationResult LocalSuccess = Success(KubeUser.Local);

    /// <summary>Authenticates <paramref name="context"/>'s request; never throws for bad credentials.</summary>
    /// <param name="context">The request (client certificate, headers).</param>
    /// <param name="cancellationToken">Cancels a TokenReview wait.</param>
    /// <returns>The user or the errors.</returns>
    public async ValueTask<AuthenticationResult> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        // Allocated only where a method can fail: the common request (the gateway's token) allocates nothing here.
        List<string>? errors = null;
        if (tokenReview is not null && context.Connection.ClientCertificate is { } certificate &&
            FromCertificate(certificate, context.Request.Headers, config.Current, errors = []) is { } certificateUser)
        {
            return Success(certificateUser);
        }

        var presented = BearerToken(context.Request);
        if (presented.IsEmpty)
        {
            return new AuthenticationResult(null, errors ?? []);
        }

        if (localToken.Matches(presented))
        {
            return LocalSuccess;
        }

        errors ??= [];

        if (tokenReview is null)
        {
            errors.Add("invalid bearer token");
            return new AuthenticationResult(null, errors);
        }

        try
        {
            var review = await tokenReview.AuthenticateAsync(presented.ToString(), cancellationToken);
            if (review.User is { } user)
            {
                return Success(user);
            }

            errors.Add(review.Error ?? "invalid bearer token");
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException ||
                                  (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            errors.Add($"token review failed: {e.Message}");
        }

        return new AuthenticationResult(null, errors);
    }

    /// <summary>The token of <c>Authorization: Bearer &lt;token&gt;</c> (bearertoken.go: trimmed, scheme
    /// case-insensitive, split on single spaces, empty token ignored).</summary>
    /// <param name="request">The request.</param>
    /// <returns>The token, or empty when there is none.</returns>
    public static ReadOnlySpan<char> BearerToken(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString().AsSpan().Trim();
        var space = header.IndexOf(' ');
        if (space < 0 || !header[..space].Equals("bearer", StringComparison.OrdinalIgnoreCase))
        {
            return default;
        }

        // The token is the second of SplitN(header, " ", 3): up to the next space.
        var token = header[(space + 1)..];
        var end = token.IndexOf(' ');
        return end < 0 ? token : token[..end];
    }

    /// <summary>Adds <c>system:authenticated</c> like <c>AuthenticatedGroupAdder</c>.</summary>
    /// <param name="user">An authenticated user.</param>
    /// <returns>The user with the group.</returns>
    public static KubeUser WithAuthenticatedGroup(KubeUser user) =>
        user.Name == "system:anonymous" ||
        user.Groups.Any(g => g is Authenticated or "system:unauthenticated")
            ? user
            : user with { Groups = [.. user.Groups, Authenticated] };

    private static KubeUser? FromCertificate(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate,
        IHeaderDictionary headers, ClientAuthenticationConfig current, List<string> errors)
    {
        if (current.RequestHeader is { } requestHeader)
        {
            if (!ClientCertificateVerifier.Verify(certificate, requestHeader.CertificateAuthorities, out var error))
            {
                errors.Add(error);
            }
            else if (requestHeader.AllowedNames.Count > 0 &&
                     !requestHeader.AllowedNames.Contains(ClientCertificateVerifier.CommonName(certificate),
                         StringComparer.Ordinal))
            {
                errors.Add($"x509: subject with cn={ClientCertificateVerifier.CommonName(certificate)} " +
                           "is not in the allowed list");
            }
            else if (RequestHeaderParser.Read(headers, requestHeader) is { } asserted)
            {
                return asserted;
            }
        }

        if (current.ClientCertificateAuthorities is { } clientCa)
        {
            if (!ClientCertificateVerifier.Verify(certificate, clientCa, out var error))
            {
                errors.Add($"verifying certificate failed: {error}");
            }
            else if (ClientCertificateVerifier.CommonName(certificate) is { Length: > 0 } commonName)
            {
                return new KubeUser(commonName, null, ClientCertificateVerifier.Organizations(certificate),
                    new Dictionary<string, IReadOnlyList<string>>());
            }
        }

        return null;
    }

    private static AuthenticationResult Success(KubeUser user) => new(WithAuthenticatedGroup(user), []);
}
