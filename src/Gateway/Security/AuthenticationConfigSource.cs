using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Informers;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// Keeps <see cref="Current"/> (client CA and front-proxy settings) up to date from the flags and the
/// <c>kube-system/extension-apiserver-authentication</c> ConfigMap, merged as <see cref="AuthenticationConfigLoader"/>
/// describes; a hosted service.
/// </summary>
/// <remarks>
/// Start:
/// 1. Read the flag files (<c>--client-ca-file</c>, <c>--requestheader-client-ca-file</c>); a bad file fails the start.
/// 2. Local mode, <c>--authentication-skip-lookup</c>, or both CA flags given: done, synced.
/// 3. GET the ConfigMap, like <c>lookupMissingConfigInCluster</c>: 404 means no ConfigMap (synced, nothing from it);
///    any other failure (403 without the <c>extension-apiserver-authentication-reader</c> RoleBinding, hub down)
///    fails the start unless <c>--authentication-tolerate-lookup-failure</c>, then it is logged.
/// 4. Run an informer on the ConfigMap (field selector on its name): every change (CA rotation) applies at once; a
///    deleted ConfigMap clears what came from it. A value that does not parse is logged and the previous one kept,
///    like the apiserver's dynamic CA and request-header controllers.
/// <see cref="IsSynced"/> is true once the ConfigMap was read (step 3 or the informer's first list).
/// </remarks>
internal sealed partial class AuthenticationConfigSource(
    GatewayOptions options, HubConnection hub, ILogger<AuthenticationConfigSource> logger) : IHostedService, IDisposable
{
    // The ConfigMap kube-apiserver writes for extension apiservers (k8s.io/apiserver authentication.go).
    private const string ConfigMapNamespace = "kube-system";
    private const string ConfigMapName = "extension-apiserver-authentication";

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();

    // Written under _lock, read lock-free (an immutable snapshot).
    private volatile ClientAuthenticationConfig _current = ClientAuthenticationConfig.None;
    private X509Certificate2Collection? _flagClientCa;
    private RequestHeaderConfig? _flagRequestHeader;
    private volatile bool _lookedUp;
    private Informer<ConfigMap>? _informer;
    private Task _run = Task.CompletedTask;

    /// <summary>The settings in force; replaced, never mutated.</summary>
    public ClientAuthenticationConfig Current => _current;

    /// <summary>Whether the configuration is complete: the ConfigMap was read, or is not needed.</summary>
    public bool IsSynced => _lookedUp || _informer?.HasSynced == true;

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // :: Step 1
        _flagClientCa = AuthenticationConfigLoader.ClientCaFromFlags(options);
        _flagRequestHeader = AuthenticationConfigLoader.RequestHeaderFromFlags(options);
        _current = new ClientAuthenticationConfig(_flagClientCa, _flagRequestHeader);

        // :: Step 2
        if (hub.Authentication is not { } client || options.AuthenticationSkipLookup ||
            (_flagClientCa is not null && _flagRequestHeader is not null))
        {
            _lookedUp = true;
            return;
        }

        // :: Step 3
        try
        {
            var configMap = await client.GetAsync<ConfigMap>(ResourceKind.ConfigMaps,
                ConfigMapNamespace, ConfigMapName, cancellationToken);
            Apply(configMap);
            _lookedUp = true;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            Log.Missing(logger);
            _lookedUp = true;
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException)
        {
            if (!options.AuthenticationTolerateLookupFailure)
            {
                throw new InvalidOperationException(
                    $"unable to load configmap based request-header-client-ca-file: {e.Message} (give the gateway's " +
                    "service account a RoleBinding to Role extension-apiserver-authentication-reader in kube-system, " +
                    "or set --authentication-tolerate-lookup-failure or --authentication-skip-lookup)", e);
            }

            Log.LookupFailed(logger, e.Message);
        }

        // :: Step 4
        _informer = new Informer<ConfigMap>(client, ResourceKind.ConfigMaps,
            ConfigMapNamespace, logger: logger,
            options: new InformerOptions { FieldSelector = $"metadata.name={ConfigMapName}" });
        _informer.Changed += change => Apply(change.Type == InformerEventType.Deleted ? null : change.Object);
        _run = _informer.RunAsync(_stopping.Token);
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _run.WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose() => _stopping.Dispose();

    private void Apply(ConfigMap? configMap)
    {
        var data = configMap?.Data;
        var version = configMap?.Metadata.ResourceVersion ?? "(deleted)";
        lock (_lock)
        {
            var clientCa = _flagClientCa ?? Parse("client-ca-file", version, _current.ClientCertificateAuthorities,
                () => AuthenticationConfigLoader.ClientCaFromConfigMap(data));
            var requestHeader = _flagRequestHeader ?? Parse("requestheader-*", version, _current.RequestHeader,
                () => AuthenticationConfigLoader.RequestHeaderFromConfigMap(data));
            _current = new ClientAuthenticationConfig(clientCa, requestHeader);
            Log.Applied(logger, version, clientCa?.Count ?? 0, requestHeader?.CertificateAuthorities.Count ?? 0,
                string.Join(",", requestHeader?.AllowedNames ?? []));
        }
    }

    private T? Parse<T>(string key, string version, T? previous, Func<T?> parse)
        where T : class
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is CryptographicException or JsonException)
        {
            Log.Invalid(logger, key, version, e.Message);
            return previous;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 800, Level = LogLevel.Information,
            Message = "Authentication configuration from ConfigMap kube-system/extension-apiserver-authentication " +
                      "at resourceVersion {ResourceVersion}: {ClientCas} client CA certificates, {RequestHeaderCas} " +
                      "request-header CA certificates, allowed names [{AllowedNames}]")]
        public static partial void Applied(ILogger logger, string resourceVersion, int clientCas, int requestHeaderCas,
            string allowedNames);

        [LoggerMessage(EventId = 801, Level = LogLevel.Warning,
            Message = "ConfigMap kube-system/extension-apiserver-authentication not found: no client-certificate or " +
                      "front-proxy authentication unless --client-ca-file/--requestheader-client-ca-file are given")]
        public static partial void Missing(ILogger logger);

        [LoggerMessage(EventId = 802, Level = LogLevel.Warning,
            Message = "Cannot read ConfigMap kube-system/extension-apiserver-authentication (tolerated): {Reason}")]
        public static partial void LookupFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 803, Level = LogLevel.Error,
            Message = "ConfigMap kube-system/extension-apiserver-authentication at resourceVersion {ResourceVersion}: " +
                      "{Key} is invalid, keeping the previous value: {Reason}")]
        public static partial void Invalid(ILogger logger, string key, string resourceVersion, string reason);
    }
}
