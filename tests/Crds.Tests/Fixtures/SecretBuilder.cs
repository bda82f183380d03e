using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.Crds.Tests.Fixtures;

/// <summary>Builds cluster Secrets for table-driven tests: start valid, then break one thing.</summary>
public sealed class SecretBuilder
{
    private readonly Secret _secret = new()
    {
        Metadata = new ObjectMeta
        {
            Name = "foo",
            Namespace = "open-cluster-management-credentials",
            Uid = "6b1f1c3e-0000-4000-8000-000000000001",
            ResourceVersion = "42",
            CreationTimestamp = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Labels = [],
            Annotations = [],
        },
        Type = "Opaque",
        Data = [],
    };

    /// <summary>A valid ServiceAccountToken / Const Secret with a CA.</summary>
    public static SecretBuilder Token() => new SecretBuilder()
        .Label(SecretKeys.CredentialTypeLabel, "ServiceAccountToken")
        .Data(SecretKeys.Endpoint, "https://127.0.0.1:6443\n")
        .Data(SecretKeys.CaCrt, TestPem.CaCertificate)
        .Data(SecretKeys.Token, TestPem.Token + "\n");

    /// <summary>A valid X509Certificate / Const Secret with a CA.</summary>
    public static SecretBuilder X509() => new SecretBuilder()
        .Label(SecretKeys.CredentialTypeLabel, "X509Certificate")
        .Data(SecretKeys.Endpoint, "https://127.0.0.1:6443")
        .Data(SecretKeys.CaCrt, TestPem.CaCertificate)
        .Data(SecretKeys.TlsCrt, TestPem.ClientCertificate)
        .Data(SecretKeys.TlsKey, TestPem.ClientKey);

    /// <summary>A valid Dynamic / Const Secret.</summary>
    public static SecretBuilder Dynamic() => new SecretBuilder()
        .Label(SecretKeys.CredentialTypeLabel, "Dynamic")
        .Data(SecretKeys.Endpoint, "https://127.0.0.1:6443")
        .Data(SecretKeys.Exec, """{"apiVersion":"client.authentication.k8s.io/v1","command":"get-token","args":["x"]}""");

    public SecretBuilder Label(string key, string value)
    {
        _secret.Metadata.Labels![key] = value;
        return this;
    }

    public SecretBuilder WithoutLabel(string key)
    {
        _secret.Metadata.Labels!.Remove(key);
        return this;
    }

    public SecretBuilder Annotation(string key, string value)
    {
        _secret.Metadata.Annotations![key] = value;
        return this;
    }

    public SecretBuilder Data(string key, string value) => DataBytes(key, TestPem.Bytes(value));

    public SecretBuilder DataBytes(string key, byte[] value)
    {
        _secret.Data![key] = value;
        return this;
    }

    public SecretBuilder WithoutData(string key)
    {
        _secret.Data!.Remove(key);
        return this;
    }

    public SecretBuilder StringData(string key, string value)
    {
        (_secret.StringData ??= [])[key] = value;
        return this;
    }

    public Secret Build() => _secret;
}
