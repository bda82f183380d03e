using System.Text;

namespace ClusterGateway.Gateway.Local;

/// <summary>
/// Writes a kubeconfig that reaches this gateway: context <c>cluster-gateway</c> (current) with the gateway's URL,
/// CA and bearer token. The file is created with mode 0600 because it holds the token.
/// </summary>
internal static class GatewayKubeconfig
{
    /// <summary>Writes (or replaces) the kubeconfig.</summary>
    /// <param name="path">Target file; its folder is created when missing.</param>
    /// <param name="server">Gateway base URL, e.g. <c>https://127.0.0.1:9443</c>.</param>
    /// <param name="caPem">PEM the client should trust.</param>
    /// <param name="token">Bearer token.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is written.</returns>
    public static async Task WriteAsync(string path, Uri server, string caPem, string token,
        CancellationToken cancellationToken)
    {
        var ca = Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem));
        var yaml = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: cluster-gateway
              cluster:
                server: {server.GetLeftPart(UriPartial.Authority)}
                certificate-authority-data: {ca}
            users:
            - name: cluster-gateway
              user:
                token: {token}
            contexts:
            - name: cluster-gateway
              context:
                cluster: cluster-gateway
                user: cluster-gateway
            current-context: cluster-gateway

            """;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temporary, options))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(yaml), cancellationToken);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
