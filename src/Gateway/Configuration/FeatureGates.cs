namespace ClusterGateway.Gateway.Configuration;

/// <summary>
/// The upstream feature gates (<c>--feature-gates=Name=true,Other=false</c>, upstream
/// <c>pkg/featuregates/featue_gate.go</c>). HealthinessCheck defaults to true here (upstream: false) because the
/// health annotations are the only place cluster health lives.
/// </summary>
/// <param name="HealthinessCheck">Copy the health annotations of a Secret into <c>status</c>.</param>
/// <param name="SecretCache">Read Secrets through an informer (always the case here; the gate is accepted).</param>
/// <param name="ClientIdentityPenetration">Impersonate the caller on the managed cluster.</param>
/// <param name="OcmClusterCache">Cache ManagedClusters with an informer.</param>
internal sealed record FeatureGates(
    bool HealthinessCheck, bool SecretCache, bool ClientIdentityPenetration, bool OcmClusterCache)
{
    public static readonly FeatureGates Default = new(true, true, false, true);

    /// <summary>
    /// Our gate, default false: write <c>spec.access.credential.serviceAccountToken</c>,
    /// <c>x509.privateKey</c> and <c>proxy-url</c> passwords in ClusterGateway responses, as upstream does. Off, they are
    /// withheld (see <c>Apiserver/ResponseJson</c>): reading clustergateways must not hand out cluster credentials.
    /// </summary>
    public bool ExposeClusterCredentials { get; init; }

    /// <summary>Parses <c>Name=bool[,Name=bool...]</c> over the defaults.</summary>
    /// <param name="text">The flag value; null or empty gives the defaults.</param>
    /// <returns>The gates.</returns>
    /// <exception cref="GatewayOptionsException">An unknown gate or a non-boolean value.</exception>
    public static FeatureGates Parse(string? text)
    {
        var gates = Default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return gates;
        }

        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !bool.TryParse(parts[1], out var on))
            {
                throw new GatewayOptionsException($"--feature-gates: \"{pair}\" is not Name=true|false.");
            }

            gates = parts[0] switch
            {
                "HealthinessCheck" => gates with { HealthinessCheck = on },
                "SecretCache" => gates with { SecretCache = on },
                "ClientIdentityPenetration" => gates with { ClientIdentityPenetration = on },
                "OCMClusterCache" => gates with { OcmClusterCache = on },
                "ExposeClusterCredentials" => gates with { ExposeClusterCredentials = on },
                _ => throw new GatewayOptionsException(
                    $"--feature-gates: unknown gate \"{parts[0]}\" (known: HealthinessCheck, SecretCache, " +
                    "ClientIdentityPenetration, OCMClusterCache, ExposeClusterCredentials)."),
            };
        }

        return gates;
    }
}
