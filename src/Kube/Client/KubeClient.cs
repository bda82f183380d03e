using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using ClusterGateway.Kube.Config;
using ClusterGateway.Kube.Json;
using ClusterGateway.Kube.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.Kube.Client;

/// <summary>
/// A small REST client for one Kubernetes API server, addressed by <see cref="ResourceKind"/>
/// (https://kubernetes.io/docs/reference/using-api/api-concepts/). <c>T</c> is a model class or
/// <see cref="System.Text.Json.Nodes.JsonObject"/> for untyped access; (de)serialization uses <see cref="KubeJson.Options"/>.
/// Every request carries <c>Accept: application/json</c>, <c>User-Agent</c> and, when a token source is configured, a
/// bearer token fetched for that request. A non-2xx answer throws <see cref="KubeApiException"/> with the server's
/// Status (synthesized from code and body when the body is not one). Non-watch requests time out after
/// <see cref="KubeClientOptions.RequestTimeout"/> (<see cref="TimeoutException"/>); watches never time out client-side.
/// Thread-safe; one instance per server, reused.
/// </summary>
public sealed partial class KubeClient : IDisposable
{
    private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new("application/json");
    private static readonly string DefaultUserAgent = $"cluster-gateway/{Version()}";

    private readonly HttpClient _http;
    private readonly string _baseUrl;
    private readonly string? _hostHeader;
    private readonly string _userAgent;
    private readonly ILogger _logger;

    /// <summary>Creates a client with its own connection pool built from <paramref name="options"/>.</summary>
    /// <param name="options">Server, TLS and credentials.</param>
    /// <param name="logger">Optional logger.</param>
    public KubeClient(KubeClientOptions options, ILogger? logger = null)
        : this(options, CreateHttpHandler(options), disposeHandler: true, logger)
    {
    }

    /// <summary>
    /// Creates a client over a given handler (tests, custom transports). The TLS and proxy settings of
    /// <paramref name="options"/> are then the handler's business; server, token, TLS server name (as <c>Host</c>),
    /// user agent and timeout still apply.
    /// </summary>
    /// <param name="options">Server and credentials.</param>
    /// <param name="handler">The transport.</param>
    /// <param name="disposeHandler">Dispose <paramref name="handler"/> with the client.</param>
    /// <param name="logger">Optional logger.</param>
    public KubeClient(KubeClientOptions options, HttpMessageHandler handler, bool disposeHandler = true, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        Options = options;
        _http = new HttpClient(handler, disposeHandler) { Timeout = Timeout.InfiniteTimeSpan };
        _baseUrl = options.Server.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _hostHeader = options.TlsServerName is null
            ? null
            : options.Server.IsDefaultPort ? options.TlsServerName : $"{options.TlsServerName}:{options.Server.Port}";
        _userAgent = options.UserAgent ?? DefaultUserAgent;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The options the client was built from.</summary>
    public KubeClientOptions Options { get; }

    /// <summary>
    /// The handler <see cref="KubeClient(KubeClientOptions, ILogger)"/> uses: verification against
    /// <see cref="KubeClientOptions.CaCertificates"/> only (custom root trust), client certificate, proxy, pooled
    /// connection lifetime, HTTP/2 keep-alive pings.
    /// </summary>
    /// <param name="options">TLS, proxy and pooling settings.</param>
    /// <returns>A new handler the caller owns.</returns>
    public static SocketsHttpHandler CreateHttpHandler(KubeClientOptions options) => KubeHttpHandlerFactory.Create(options);

    /// <summary>GET one object: <c>GET {path}/{name}</c>.</summary>
    /// <typeparam name="T">Model or <see cref="System.Text.Json.Nodes.JsonObject"/>.</typeparam>
    /// <param name="kind">Resource.</param>
    /// <param name="namespace">Namespace (required for namespaced kinds, <see langword="null"/> otherwise).</param>
    /// <param name="name">Object name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The object.</returns>
    /// <exception cref="KubeApiException">Non-2xx, e.g. <see cref="KubeApiException.IsNotFound"/>.</exception>
    public Task<T> GetAsync<T>(ResourceKind kind, string? @namespace, string name, CancellationToken cancellationToken = default)
        where T : class =>
        SendAsync<T>(HttpMethod.Get, ObjectPath(kind, @namespace, name), null, cancellationToken);

    /// <summary>LIST a collection, one page: <c>GET {path}?labelSelector=..&amp;limit=..</c>.</summary>
    /// <typeparam name="T">Item model or <see cref="System.Text.Json.Nodes.JsonObject"/>.</typeparam>
    /// <param name="kind">Resource.</param>
    /// <param name="namespace">Namespace, or <see langword="null"/> for all namespaces / cluster-scoped kinds.</param>
    /// <param name="options">Selectors, resourceVersion, paging.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The list; <c>metadata.resourceVersion</c> is where a watch continues, <c>metadata.continue</c> the next page.</returns>
    /// <exception cref="KubeApiException">Non-2xx (410 when a continue token expired).</exception>
    public Task<KubeList<T>> ListAsync<T>(
        ResourceKind kind, string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(kind);
        var query = new QueryString()
            .Add("labelSelector", options?.LabelSelector)
            .Add("fieldSelector", options?.FieldSelector)
            .Add("resourceVersion", options?.ResourceVersion)
            .Add("limit", options?.Limit)
            .Add("continue", options?.Continue);
        return SendAsync<KubeList<T>>(HttpMethod.Get, kind.Path(@namespace) + query, null, cancellationToken);
    }

    /// <summary>CREATE: <c>POST {path}</c> with the object as JSON.</summary>
    /// <typeparam name="T">Model or <see cref="System.Text.Json.Nodes.JsonObject"/>.</typeparam>
    /// <param name="kind">Resource.</param>
    /// <param name="namespace">Namespace (required for namespaced kinds).</param>
    /// <param name="obj">The object; its <c>metadata.name</c> (or <c>generateName</c>) names it.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The created object as stored.</returns>
    /// <exception cref="KubeApiException">Non-2xx, e.g. 409 AlreadyExists.</exception>
    public Task<T> CreateAsync<T>(ResourceKind kind, string? @namespace, T obj, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(kind);
        RequireNamespace(kind, @namespace);
        return SendAsync<T>(HttpMethod.Post, kind.Path(@namespace), JsonBody(obj), cancellationToken);
    }

    /// <summary>UPDATE: <c>PUT {path}/{name}</c>; a <c>metadata.resourceVersion</c> in the object makes it conditional.</summary>
    /// <typeparam name="T">Model or <see cref="System.Text.Json.Nodes.JsonObject"/>.</typeparam>
    /// <param name="kind">Resource.</param>
    /// <param name="namespace">Namespace (required for namespaced kinds).</param>
    /// <param name="name">Object name.</param>
    /// <param name="obj">The full new object.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored object.</returns>
    /// <exception cref="KubeApiException">Non-2xx, e.g. 409 Conflict on a stale resourceVersion.</exception>
    public Task<T> ReplaceAsync<T>(
        ResourceKind kind, string? @namespace, string name, T obj, CancellationToken cancellationToken = default)
        where T : class =>
        SendAsync<T>(HttpMethod.Put, ObjectPath(kind, @namespace, name), JsonBody(obj), cancellationToken);

    /// <summary>UPDATE the status subresource: <c>PUT {path}/{name}/status</c> (spec changes are ignored by the server).</summary>
    /// <typeparam name="T">Model or <see cref="System.Text.Json.Nodes.JsonObject"/>.</typeparam>
    /// <param name="kind">Resource (must have a status subresource).</param>
    /// <param name="namespace">Namespace (required for namespaced kinds).</param>
    /// <param name="name">Object name.</param>
    /// <param name="obj">The object with the new status.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored object.</returns>
    /// <exception cref="KubeApiException">Non-2xx, e.g. 409 Conflict.</exception>
    public Task<T> ReplaceStatusAsync<T>(
        ResourceKind kind, string? @namespace, string name, T obj, CancellationToken cancellationToken = default)
        where T : class =>
        SendAsync<T>(HttpMethod.Put, ObjectPath(kind, @namespace, name) + "/status", JsonBody(obj), cancellationToken);

    /// <summary>PATCH: <c>PATCH {path}/{name}[/{subresource}]?fieldManager=..&amp;force=..</c>.</summary>
    /// <typeparam name="T">Model or <see cref="System.Text.Json.Nodes.JsonObject"/>.</typeparam>
    /// <param name="kind">Resource.</param>
    /// <param name="namespace">Namespace (required for namespaced kinds).</param>
    /// <param name="name">Object name.</param>
    /// <param name="type">Patch format, sent as <c>Content-Type</c>.</param>
    /// <param name="body">The patch document (UTF-8 JSON; YAML also for <see cref="PatchType.Apply"/>).</param>
    /// <param name="fieldManager"><c>fieldManager</c>; required by the server for <see cref="PatchType.Apply"/>.</param>
    /// <param name="force"><c>force</c>: take over conflicting fields (apply only).</param>
    /// <param name="subresource">E.g. <c>status</c>; <see langword="null"/> for the object itself.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The patched object.</returns>
    /// <exception cref="KubeApiException">Non-2xx, e.g. 409 apply conflict, 422 invalid.</exception>
    public Task<T> PatchAsync<T>(
        ResourceKind kind, string? @namespace, string name, PatchType type, ReadOnlyMemory<byte> body,
        string? fieldManager = null, bool? force = null, string? subresource = null,
        CancellationToken cancellationToken = default)
        where T : class
    {
        var path = ObjectPath(kind, @namespace, name) + (subresource is null ? "" : "/" + Uri.EscapeDataString(subresource));
        var query = new QueryString()
            .Add("fieldManager", fieldManager)
            .Add("force", force is null ? null : force.Value ? "true" : "false");
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(PatchContentType(type));
        return SendAsync<T>(HttpMethod.Patch, path + query, content, cancellationToken);
    }

    /// <summary>PATCH with a string body; see the byte overload.</summary>
    /// <typeparam name="T">Model or <see cref="System.Text.Json.Nodes.JsonObject"/>.</typeparam>
    /// <param name="kind">Resource.</param>
    /// <param name="namespace">Namespace (required for namespaced kinds).</param>
    /// <param name="name">Object name.</param>
    /// <param name="type">Patch format.</param>
    /// <param name="body">The patch document.</param>
    /// <param name="fieldManager"><c>fieldManager</c>.</param>
    /// <param name="force"><c>force</c> (apply only).</param>
    /// <param name="subresource">E.g. <c>status</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The patched object.</returns>
    /// <exception cref="KubeApiException">Non-2xx.</exception>
    public Task<T> PatchAsync<T>(
        ResourceKind kind, string? @namespace, string name, PatchType type, string body,
        string? fieldManager = null, bool? force = null, string? subresource = null,
        CancellationToken cancellationToken = default)
        where T : class =>
        PatchAsync<T>(kind, @namespace, name, type, Encoding.UTF8.GetBytes(body), fieldManager, force, subresource,
            cancellationToken);

    /// <summary>DELETE: <c>DELETE {path}/{name}</c> (background propagation, the server default).</summary>
    /// <param name="kind">Resource.</param>
    /// <param name="namespace">Namespace (required for namespaced kinds).</param>
    /// <param name="name">Object name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Completes when the server accepted the deletion (finalizers may still hold the object).</returns>
    /// <exception cref="KubeApiException">Non-2xx, e.g. <see cref="KubeApiException.IsNotFound"/>.</exception>
    public async Task DeleteAsync(ResourceKind kind, string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        var path = ObjectPath(kind, @namespace, name);
        using var timeout = StartTimeout(cancellationToken);
        try
        {
            using var response = await SendRawAsync(HttpMethod.Delete, path, null, timeout.Token);
        }
        catch (OperationCanceledException e) when (IsTimeout(timeout, cancellationToken))
        {
            throw TimeoutError(HttpMethod.Delete, path, e);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken cancellationToken)
        where T : class
    {
        using var timeout = StartTimeout(cancellationToken);
        try
        {
            using var response = await SendRawAsync(method, pathAndQuery, content, timeout.Token);
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await JsonSerializer.DeserializeAsync<T>(stream, KubeJson.Options, timeout.Token)
                ?? throw new JsonException($"{method} {pathAndQuery} returned a null body");
        }
        catch (OperationCanceledException e) when (IsTimeout(timeout, cancellationToken))
        {
            throw TimeoutError(method, pathAndQuery, e);
        }
    }

    /// <summary>Sends with headers read only; throws <see cref="KubeApiException"/> for non-2xx. The caller disposes.</summary>
    private async Task<HttpResponseMessage> SendRawAsync(
        HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, _baseUrl + pathAndQuery)
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.Accept.Add(JsonMediaType);
        request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        if (_hostHeader is not null)
        {
            // SocketsHttpHandler takes SNI and the certificate name to check from Host.
            request.Headers.Host = _hostHeader;
        }

        if (Options.TokenSource is not null &&
            await Options.TokenSource.GetTokenAsync(cancellationToken) is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = StatusFactory.FromResponse(response.StatusCode, body);
            KubeClientLog.RequestFailed(_logger, method.Method, pathAndQuery, status.Code, status.Reason ?? "");
            throw new KubeApiException(status);
        }
    }

    private CancellationTokenSource StartTimeout(CancellationToken cancellationToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (Options.RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            cts.CancelAfter(Options.RequestTimeout);
        }

        return cts;
    }

    private static bool IsTimeout(CancellationTokenSource timeout, CancellationToken cancellationToken) =>
        timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested;

    private TimeoutException TimeoutError(HttpMethod method, string pathAndQuery, Exception inner) =>
        new($"{method} {pathAndQuery} did not complete within {Options.RequestTimeout}", inner);

    private static string ObjectPath(ResourceKind kind, string? @namespace, string name)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentException.ThrowIfNullOrEmpty(name);
        RequireNamespace(kind, @namespace);
        return kind.Path(@namespace, name);
    }

    private static void RequireNamespace(ResourceKind kind, string? @namespace)
    {
        if (kind.Namespaced && string.IsNullOrEmpty(@namespace))
        {
            throw new ArgumentException($"{kind.Plural} is namespaced; a namespace is required.", nameof(@namespace));
        }
    }

    private static ByteArrayContent JsonBody<T>(T obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(obj, KubeJson.Options));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static string PatchContentType(PatchType type) => type switch
    {
        PatchType.Merge => "application/merge-patch+json",
        PatchType.Strategic => "application/strategic-merge-patch+json",
        PatchType.Json => "application/json-patch+json",
        PatchType.Apply => "application/apply-patch+yaml",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown patch type"),
    };

    private static string Version()
    {
        var version = typeof(KubeClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(KubeClient).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
