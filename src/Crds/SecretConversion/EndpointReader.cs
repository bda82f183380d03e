using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.Crds.SecretConversion;

/// <summary>
/// Builds <c>spec.access.endpoint</c> from the endpoint-type label and the data keys <c>endpoint</c>, <c>ca.crt</c>
/// (else <c>ca</c>), <c>insecure-skip-tls-verify</c>, <c>proxy-url</c>, <c>tls-server-name</c>
/// (upstream <c>pkg/apis/cluster/v1alpha1/clustergateway_types_secret.go</c> <c>convert</c>).
/// </summary>
internal static class EndpointReader
{
    /// <summary>
    /// The endpoint; problems are recorded in <paramref name="errors"/> (the result is then unusable and null when the
    /// endpoint type is unknown). With <paramref name="addressSupplied"/> a missing <c>endpoint</c> key is allowed.
    /// </summary>
    public static ClusterEndpoint? Read(string? endpointTypeLabel, SecretData data, ConversionErrors errors,
        bool addressSupplied = false)
    {
        switch (string.IsNullOrEmpty(endpointTypeLabel) ? EndpointTypes.Const : endpointTypeLabel)
        {
            case EndpointTypes.Const:
                return new ClusterEndpoint { Type = EndpointTypes.Const, Const = ReadConst(data, errors, addressSupplied) };

            case EndpointTypes.ClusterProxy:
                // Upstream shape: no const part (the address is <cluster-name>:443 through the tunnel); the CA,
                // insecure opt-in and tls-server-name are kept in memory only to verify TLS inside the tunnel.
                return new ClusterEndpoint
                {
                    Type = EndpointTypes.ClusterProxy, Tunnel = ReadTls(new ClusterEndpointConst(), data, errors),
                };

            default:
                errors.Add($"label {SecretKeys.EndpointTypeLabel}: unrecognized endpoint type \"{endpointTypeLabel}\" " +
                    $"(expected {EndpointTypes.Const} or {EndpointTypes.ClusterProxy})");
                return null;
        }
    }

    private static ClusterEndpointConst ReadConst(SecretData data, ConversionErrors errors, bool addressSupplied)
    {
        var result = new ClusterEndpointConst();

        var address = data.Text(SecretKeys.Endpoint, errors);
        if (address is null)
        {
            // Unless the caller sets the address (OCM ManagedCluster), the key is required.
            if (!addressSupplied)
            {
                errors.Add($"data key \"{SecretKeys.Endpoint}\" is missing or empty " +
                    $"(required for endpoint type {EndpointTypes.Const})");
            }
        }
        else if (UrlRules.CheckEndpoint(address) is { } problem)
        {
            errors.Add(problem);
        }
        else
        {
            result.Address = address;
        }

        if (data.Text(SecretKeys.ProxyUrl, errors) is { } proxyUrl)
        {
            errors.Add(UrlRules.CheckProxyUrl(proxyUrl));
            result.ProxyUrl = proxyUrl;
        }

        return ReadTls(result, data, errors);
    }

    // ca.crt (else ca), insecure-skip-tls-verify and tls-server-name: how the cluster's certificate is verified.
    private static ClusterEndpointConst ReadTls(ClusterEndpointConst result, SecretData data, ConversionErrors errors)
    {
        var caKey = data.Bytes(SecretKeys.CaCrt) is not null ? SecretKeys.CaCrt : SecretKeys.Ca;
        if (data.Text(caKey, errors) is { } ca)
        {
            errors.Add(PemRules.CheckCaBundle(caKey, ca));
            result.CaBundle = data.Bytes(caKey);
        }

        if (data.Text(SecretKeys.InsecureSkipTlsVerify, errors) is { } insecure)
        {
            if (!GoBool.TryParse(insecure, out var skip))
            {
                errors.Add($"data key \"{SecretKeys.InsecureSkipTlsVerify}\" must be \"true\" or \"false\", got \"{insecure}\"");
            }

            result.Insecure = skip ? true : null;
        }

        if (data.Text(SecretKeys.TlsServerName, errors) is { } serverName)
        {
            errors.Add(UrlRules.CheckServerName(serverName));
            result.TlsServerName = serverName;
        }

        return result;
    }
}
