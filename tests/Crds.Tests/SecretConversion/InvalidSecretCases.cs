using ClusterGateway.Crds.Tests.Fixtures;

namespace ClusterGateway.Crds.Tests.SecretConversion;

/// <summary>One broken Secret per rule, with the text its error must contain.</summary>
public static class InvalidSecretCases
{
    private const string Cred = SecretKeys.CredentialTypeLabel;
    private const string EndpointType = SecretKeys.EndpointTypeLabel;

    public static readonly IReadOnlyDictionary<string, (Func<SecretBuilder> Build, string Error)> All =
        new Dictionary<string, (Func<SecretBuilder>, string)>
        {
            ["credential type unknown"] = (() => SecretBuilder.Token().Label(Cred, "Foo"),
                "label cluster.core.oam.dev/cluster-credential-type: unrecognized credential type \"Foo\""),
            ["credential type empty"] = (() => SecretBuilder.Token().Label(Cred, ""), "unrecognized credential type \"\""),
            ["credential type wrong case"] = (() => SecretBuilder.Token().Label(Cred, "x509certificate"),
                "unrecognized credential type \"x509certificate\""),
            ["credential type X509 (docs typo)"] = (() => SecretBuilder.X509().Label(Cred, "X509"),
                "unrecognized credential type \"X509\""),
            ["endpoint type unknown"] = (() => SecretBuilder.Token().Label(EndpointType, "Tunnel"),
                "label cluster.core.oam.dev/cluster-endpoint-type: unrecognized endpoint type \"Tunnel\""),
            ["endpoint missing"] = (() => SecretBuilder.Token().WithoutData(SecretKeys.Endpoint),
                "data key \"endpoint\" is missing or empty (required for endpoint type Const)"),
            ["endpoint blank"] = (() => SecretBuilder.Token().Data(SecretKeys.Endpoint, " \n"),
                "data key \"endpoint\" is missing or empty"),
            ["endpoint without scheme"] = (() => SecretBuilder.Token().Data(SecretKeys.Endpoint, "127.0.0.1:6443"),
                "data key \"endpoint\" must be an absolute https or http URL, got \"127.0.0.1:6443\""),
            ["endpoint ftp"] = (() => SecretBuilder.Token().Data(SecretKeys.Endpoint, "ftp://host"),
                "data key \"endpoint\" must be an absolute https or http URL"),
            ["endpoint relative"] = (() => SecretBuilder.Token().Data(SecretKeys.Endpoint, "/api"),
                "data key \"endpoint\" must be an absolute https or http URL"),
            ["endpoint with query"] = (() => SecretBuilder.Token().Data(SecretKeys.Endpoint, "https://h:6443/?a=b"),
                "data key \"endpoint\" must not have a query or fragment"),
            ["endpoint not UTF-8"] = (() => SecretBuilder.Token().DataBytes(SecretKeys.Endpoint, [0xff, 0xfe, 0x41]),
                "data key \"endpoint\" is not UTF-8 text"),
            ["ca.crt not PEM"] = (() => SecretBuilder.Token().Data(SecretKeys.CaCrt, "not a certificate"),
                "data key \"ca.crt\" holds no PEM certificate"),
            ["ca.crt base64 twice"] = (() => SecretBuilder.Token().Data(SecretKeys.CaCrt, TestPem.Base64(TestPem.CaCertificate)),
                "looks base64-encoded twice"),
            ["ca.crt bad certificate"] = (() => SecretBuilder.Token().Data(SecretKeys.CaCrt,
                "-----BEGIN CERTIFICATE-----\nAAAAAAAAAAAA\n-----END CERTIFICATE-----\n"),
                "data key \"ca.crt\" holds a PEM certificate that does not parse"),
            ["ca.crt only a key"] = (() => SecretBuilder.Token().Data(SecretKeys.CaCrt, TestPem.OtherKey),
                "data key \"ca.crt\" holds no PEM certificate"),
            ["ca (legacy key) not PEM"] = (() => SecretBuilder.Token().WithoutData(SecretKeys.CaCrt).Data(SecretKeys.Ca, "x"),
                "data key \"ca\" holds no PEM certificate"),
            ["insecure not a bool"] = (() => SecretBuilder.Token().Data(SecretKeys.InsecureSkipTlsVerify, "yes"),
                "data key \"insecure-skip-tls-verify\" must be \"true\" or \"false\", got \"yes\""),
            ["proxy-url ftp"] = (() => SecretBuilder.Token().Data(SecretKeys.ProxyUrl, "ftp://proxy:21"),
                "data key \"proxy-url\" has scheme \"ftp\"; expected http, https, socks5 or socks5h"),
            ["proxy-url not a URL"] = (() => SecretBuilder.Token().Data(SecretKeys.ProxyUrl, "proxy:3128"),
                "data key \"proxy-url\" is not an absolute URL with a host"),
            ["tls-server-name invalid"] = (() => SecretBuilder.Token().Data(SecretKeys.TlsServerName, "bad name!"),
                "data key \"tls-server-name\" is not a valid host name"),
            ["token missing"] = (() => SecretBuilder.Token().WithoutData(SecretKeys.Token),
                "data key \"token\" is missing or empty (required for credential type ServiceAccountToken)"),
            ["token only a newline"] = (() => SecretBuilder.Token().Data(SecretKeys.Token, "\n"),
                "data key \"token\" is missing or empty"),
            ["token two lines"] = (() => SecretBuilder.Token().Data(SecretKeys.Token, "abc\ndef"),
                "data key \"token\" contains whitespace or control characters"),
            ["tls.crt missing"] = (() => SecretBuilder.X509().WithoutData(SecretKeys.TlsCrt),
                "data key \"tls.crt\" is missing or empty (required for credential type X509Certificate)"),
            ["tls.key missing"] = (() => SecretBuilder.X509().WithoutData(SecretKeys.TlsKey),
                "data key \"tls.key\" is missing or empty (required for credential type X509Certificate)"),
            ["tls.key of another certificate"] = (() => SecretBuilder.X509().Data(SecretKeys.TlsKey, TestPem.OtherKey),
                "data keys \"tls.crt\" and \"tls.key\" do not load as a PEM certificate and its private key"),
            ["tls.crt not PEM"] = (() => SecretBuilder.X509().Data(SecretKeys.TlsCrt, "garbage"),
                "data keys \"tls.crt\" and \"tls.key\" do not load"),
            ["tls.key is a certificate"] = (() => SecretBuilder.X509().Data(SecretKeys.TlsKey, TestPem.CaCertificate),
                "data keys \"tls.crt\" and \"tls.key\" do not load"),
            ["exec missing"] = (() => SecretBuilder.Dynamic().WithoutData(SecretKeys.Exec),
                "data key \"exec\" is missing or empty (required for credential type Dynamic)"),
            ["exec not JSON"] = (() => SecretBuilder.Dynamic().Data(SecretKeys.Exec, "command: x"),
                "data key \"exec\" is not valid JSON"),
            ["exec JSON array"] = (() => SecretBuilder.Dynamic().Data(SecretKeys.Exec, "[1]"),
                "data key \"exec\" must be a JSON object (client-go ExecConfig), got a JSON array"),
            ["exec without command"] = (() => SecretBuilder.Dynamic().Data(SecretKeys.Exec, """{"args":["a"]}"""),
                "data key \"exec\" has no \"command\""),
        };

    public static TheoryData<string> Names() => new(All.Keys);
}
