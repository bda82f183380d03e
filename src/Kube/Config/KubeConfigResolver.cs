using System.Text;
using ClusterGateway.Kube.Files;

namespace ClusterGateway.Kube.Config;

/// <summary>
/// Turns a context name into a <see cref="ResolvedContext"/>, with client-go's validation
/// (<c>clientcmd.validateClusterInfo</c>/<c>validateAuthInfo</c>) and messages that name the offending entry.
/// </summary>
internal static class KubeConfigResolver
{
    public static ResolvedContext Resolve(KubeConfig config, string? contextName)
    {
        ArgumentNullException.ThrowIfNull(config);
        var name = string.IsNullOrEmpty(contextName) ? config.CurrentContext : contextName;
        if (string.IsNullOrEmpty(name))
        {
            throw new KubeConfigException("no context was named and the kubeconfig sets no current-context");
        }

        var context = config.Contexts?.Find(c => string.Equals(c.Name, name, StringComparison.Ordinal))
            ?? throw new KubeConfigException(
                $"context \"{name}\" not found in kubeconfig (contexts: {Known(config.Contexts?.Select(c => c.Name))})");
        var where = $"context \"{name}\"";
        var clusterName = context.Context?.Cluster;
        if (string.IsNullOrEmpty(clusterName))
        {
            throw new KubeConfigException($"{where} names no cluster");
        }

        var cluster = config.Clusters?.Find(c => string.Equals(c.Name, clusterName, StringComparison.Ordinal))?.Cluster
            ?? throw new KubeConfigException($"{where}: cluster \"{clusterName}\" not found in kubeconfig");
        where = $"{where}: cluster \"{clusterName}\"";

        var server = ParseServer(cluster.Server, where);
        var ca = ReadData(cluster.CertificateAuthorityData, cluster.CertificateAuthority, "certificate-authority", where);
        if (ca is not null && cluster.InsecureSkipTlsVerify)
        {
            throw new KubeConfigException(
                $"{where}: specifying a root certificates file with the insecure flag is not allowed");
        }

        var proxy = ParseProxy(cluster.ProxyUrl, where);

        var userName = context.Context?.User ?? "";
        UserEntry? user = null;
        if (userName.Length > 0)
        {
            user = config.Users?.Find(u => string.Equals(u.Name, userName, StringComparison.Ordinal))?.User
                ?? throw new KubeConfigException($"context \"{name}\": user \"{userName}\" not found in kubeconfig");
        }

        user ??= new UserEntry();
        where = $"context \"{name}\": user \"{userName}\"";
        var cert = ReadData(user.ClientCertificateData, user.ClientCertificate, "client-certificate", where);
        var key = ReadData(user.ClientKeyData, user.ClientKey, "client-key", where);
        if ((cert is null) != (key is null))
        {
            throw new KubeConfigException(cert is null
                ? $"{where}: client-key is set but client-certificate(-data) is missing"
                : $"{where}: client-certificate is set but client-key(-data) is missing");
        }

        var token = string.IsNullOrEmpty(user.Token) ? null : user.Token;
        if (!string.IsNullOrEmpty(user.TokenFile))
        {
            token = Encoding.UTF8.GetString(ReadFile(user.TokenFile, "tokenFile", where)).Trim();
        }

        return new ResolvedContext
        {
            ContextName = name,
            ClusterName = clusterName,
            UserName = userName,
            Namespace = string.IsNullOrEmpty(context.Context?.Namespace) ? null : context.Context.Namespace,
            Server = server,
            CertificateAuthorityPem = ca,
            ClientCertificatePem = cert,
            ClientKeyPem = key,
            Token = token,
            TokenFile = string.IsNullOrEmpty(user.TokenFile) ? null : user.TokenFile,
            InsecureSkipTlsVerify = cluster.InsecureSkipTlsVerify,
            TlsServerName = string.IsNullOrEmpty(cluster.TlsServerName) ? null : cluster.TlsServerName,
            ProxyUrl = proxy,
            Exec = user.Exec,
        };
    }

    // client-go DefaultServerURL: a bare host[:port] means https.
    private static Uri ParseServer(string? server, string where)
    {
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new KubeConfigException($"{where} has no server");
        }

        var text = server.Contains("://", StringComparison.Ordinal) ? server : "https://" + server;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new KubeConfigException($"{where}: server \"{server}\" is not an http(s) URL");
        }

        return uri;
    }

    private static Uri? ParseProxy(string? proxyUrl, string where)
    {
        if (string.IsNullOrEmpty(proxyUrl))
        {
            return null;
        }

        if (!Uri.TryCreate(proxyUrl, UriKind.Absolute, out var uri) ||
            uri.Scheme is not ("http" or "https" or "socks5"))
        {
            throw new KubeConfigException($"{where}: proxy-url \"{proxyUrl}\" is not an http, https or socks5 URL");
        }

        return uri;
    }

    // *-data wins over the file form (client-go: "certificate-authority-data will override").
    private static byte[]? ReadData(string? base64, string? path, string field, string where)
    {
        if (!string.IsNullOrEmpty(base64))
        {
            try
            {
                return Convert.FromBase64String(base64);
            }
            catch (FormatException e)
            {
                throw new KubeConfigException($"{where}: {field}-data is not valid base64", e);
            }
        }

        return string.IsNullOrEmpty(path) ? null : ReadFile(path, field, where);
    }

    private static byte[] ReadFile(string path, string field, string where)
    {
        try
        {
            return BoundedFile.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException($"{where}: {field} \"{path}\" cannot be read: {e.Message}", e);
        }
    }

    private static string Known(IEnumerable<string?>? names)
    {
        var list = (names ?? []).OfType<string>().Select(n => $"\"{n}\"").ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }
}
