using System.Text.Json;
using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.Crds.SecretConversion;

/// <summary>
/// Builds <c>spec.access.credential</c> from the credential-type label and the data keys <c>tls.crt</c>+<c>tls.key</c>,
/// <c>token</c> or <c>exec</c> (upstream <c>clustergateway_types_secret.go</c> <c>convert</c>, <c>pkg/util/exec</c>).
/// </summary>
internal static class CredentialReader
{
    /// <summary>The credential; problems are recorded in <paramref name="errors"/>.</summary>
    public static ClusterAccessCredential? Read(string credentialType, SecretData data, ConversionErrors errors)
    {
        switch (credentialType)
        {
            case CredentialTypes.X509Certificate:
                var certificate = Required(SecretKeys.TlsCrt, credentialType, data, errors);
                var key = Required(SecretKeys.TlsKey, credentialType, data, errors);
                if (certificate is null || key is null)
                {
                    return null;
                }

                errors.Add(PemRules.CheckKeyPair(certificate, key));
                return new ClusterAccessCredential
                {
                    Type = credentialType,
                    X509 = new X509 { Certificate = data.Bytes(SecretKeys.TlsCrt)!, PrivateKey = data.Bytes(SecretKeys.TlsKey)! },
                };

            case CredentialTypes.ServiceAccountToken:
                var token = Required(SecretKeys.Token, credentialType, data, errors);
                if (token is not null && token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
                {
                    errors.Add($"data key \"{SecretKeys.Token}\" contains whitespace or control characters " +
                        "(a bearer token is one line)");
                }

                return token is null ? null : new ClusterAccessCredential { Type = credentialType, ServiceAccountToken = token };

            case CredentialTypes.Dynamic:
                var exec = Required(SecretKeys.Exec, credentialType, data, errors);
                var config = exec is null ? null : ReadExecConfig(exec, errors);
                return config is null ? null : new ClusterAccessCredential { Type = credentialType, ExecConfig = config };

            default:
                errors.Add($"label {SecretKeys.CredentialTypeLabel}: unrecognized credential type \"{credentialType}\" " +
                    $"(expected {CredentialTypes.X509Certificate}, {CredentialTypes.ServiceAccountToken} " +
                    $"or {CredentialTypes.Dynamic})");
                return null;
        }
    }

    private static string? Required(string key, string credentialType, SecretData data, ConversionErrors errors)
    {
        var text = data.Text(key, out var notText);
        if (text is null)
        {
            errors.Add(notText
                ? $"data key \"{key}\" is not UTF-8 text"
                : $"data key \"{key}\" is missing or empty (required for credential type {credentialType})");
        }

        return text;
    }

    /// <summary>
    /// The client-go ExecConfig: a JSON object with a non-empty <c>command</c> string. Not run here.
    /// </summary>
    private static JsonElement? ReadExecConfig(string json, ConversionErrors errors)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"data key \"{SecretKeys.Exec}\" must be a JSON object (client-go ExecConfig), " +
                    $"got a JSON {root.ValueKind.ToString().ToLowerInvariant()}");
                return null;
            }

            if (!root.TryGetProperty("command", out var command) ||
                command.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(command.GetString()))
            {
                errors.Add($"data key \"{SecretKeys.Exec}\" has no \"command\" (client-go ExecConfig)");
                return null;
            }

            return root.Clone();
        }
        catch (JsonException ex)
        {
            errors.Add($"data key \"{SecretKeys.Exec}\" is not valid JSON: {ex.Message}");
            return null;
        }
    }
}
