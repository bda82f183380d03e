using System.Diagnostics;
using System.Text;

namespace ClusterGateway.Benchmark;

/// <summary>The TLS upstream: nginx serving a fixed 12-item ConfigMapList and a 10 MiB body, requiring the
/// bearer token (so a forwarder that does not add it fails visibly).</summary>
internal sealed class NginxUpstream : IAsyncDisposable
{
    public const string ListPath = "/api/v1/namespaces/default/configmaps";
    public const string BigPath = "/big";
    public const int BigBytes = 10 * 1024 * 1024;

    private readonly Process _process;

    private NginxUpstream(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<NginxUpstream> StartAsync(string dir, Pki pki, string token, CancellationToken ct)
    {
        var root = Path.Combine(dir, "root");
        Directory.CreateDirectory(Path.Combine(root, "api/v1/namespaces/default"));
        await File.WriteAllTextAsync(Path.Combine(root, "api/v1/namespaces/default/configmaps"), ConfigMapList(), ct);
        var big = new byte[BigBytes];
        new Random(1).NextBytes(big);
        await File.WriteAllBytesAsync(Path.Combine(root, "big"), big, ct);
        foreach (var d in new[] { "logs", "tmp" })
        {
            Directory.CreateDirectory(Path.Combine(dir, d));
        }

        // Workers run as nobody: everything they read must be world-readable.
        foreach (var p in Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Append(dir))
        {
            if (OperatingSystem.IsWindows())
            {
                break;
            }

            File.SetUnixFileMode(p, File.GetUnixFileMode(p) | UnixFileMode.OtherRead |
                (Directory.Exists(p) ? UnixFileMode.OtherExecute : 0));
        }

        var port = Ports.Free();
        var conf = Path.Combine(dir, "nginx.conf");
        await File.WriteAllTextAsync(conf, $$"""
            worker_processes auto;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/logs/error.log warn;
            events { worker_connections 4096; }
            http {
              access_log off;
              client_body_temp_path {{dir}}/tmp/body;
              proxy_temp_path {{dir}}/tmp/proxy;
              fastcgi_temp_path {{dir}}/tmp/fastcgi;
              uwsgi_temp_path {{dir}}/tmp/uwsgi;
              scgi_temp_path {{dir}}/tmp/scgi;
              keepalive_requests 100000000;
              keepalive_timeout 300s;
              sendfile on;
              server {
                listen 127.0.0.1:{{port}} ssl;
                ssl_certificate {{pki.CertFile}};
                ssl_certificate_key {{pki.KeyFile}};
                root {{root}};
                default_type application/json;
                if ($http_authorization != "Bearer {{token}}") { return 401; }
                location = {{ListPath}} { }
                location = {{BigPath}} { default_type application/octet-stream; }
              }
            }
            """, ct);
        var psi = new ProcessStartInfo("nginx") { UseShellExecute = false };
        foreach (var a in new[] { "-p", dir, "-c", conf, "-g", "daemon off;" })
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("nginx did not start");
        var upstream = new NginxUpstream(process, port);
        await Wait.ForPortAsync(port, process, ct);
        return upstream;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string ConfigMapList()
    {
        var sb = new StringBuilder("""{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"1000"},"items":[""");
        for (var i = 0; i < 12; i++)
        {
            sb.Append(i == 0 ? "" : ",");
            sb.Append($$$"""{"metadata":{"name":"config-{{{i}}}","namespace":"default","uid":"00000000-0000-0000-0000-{{{i:D12}}}","resourceVersion":"{{{100 + i}}}","creationTimestamp":"2026-01-01T00:00:00Z","labels":{"app":"bench"}},"data":{"key":"value-{{{i}}}","settings.yaml":"replicas: 3\nimage: example/app:1.0\n"}}""");
        }

        return sb.Append("]}").ToString();
    }
}
