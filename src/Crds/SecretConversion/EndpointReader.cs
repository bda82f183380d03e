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
    /// endpoint type is unknown).
    /// </summary>
    public static ClusterEndpoint? Read(string? endpointTypeLabel, SecretData data, ConversionErrors errors)
    {
        switch (string.IsNullOrEmpty(endpointTypeLabel) ? EndpointTypes.Const : endpointTypeLabel)
        {
            case EndpointTypes.Const:
                return new ClusterEndpoint { Type = EndpointTypes.Const, Const = ReadConst(data, errors) };

            case EndpointTypes.ClusterProxy:
                // Upstream shape: no const part; address, CA and proxy-url come from the tunnel (a later issue).
                return new ClusterEndpoint { Type = EndpointTypes.ClusterProxy };

            default:
                errors.Add($"label {SecretKeys.EndpointTypeLabel}: unrecognized endpoint type \"{endpointTypeLabel}\" " +
                    $"(expected {EndpointTypes.Const} or {EndpointTypes.ClusterProxy})");
                return null;
        }
    }

    private static ClusterEndpointConst ReadConst(SecretData data, ConversionErrors errors)
    {
        var result = new ClusterEndpointConst();

        var address = data.Text(SecretKeys.Endpoint, errors);
        if (address is null)
        {
            errors.Add($"data key \"{SecretKeys.Endpoint}\" is missing or empty " +
                $"(required for endpoint type {EndpointTypes.Const})");
        }
        else if (UrlRules.CheckEndpoint(address) is { } problem)
        {
            errors.Add(problem);
        }
        else
        {
            result.Address = address;
        }

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

        if (data.Text(SecretKeys.ProxyUrl, errors) is { } proxyUrl)
        {
            errors.Add(UrlRules.CheckProxyUrl(proxyUrl));
            result.ProxyUrl = proxyUrl;
        }

        if (data.Text(SecretKeys.TlsServerName, errors) is { } serverName)
        {
            errors.Add(UrlRules.CheckServerName(serverName));
            result.TlsServerName = serverName;
        }

        return result;
    }
}
