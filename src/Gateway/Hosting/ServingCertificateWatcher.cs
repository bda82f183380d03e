using System.Security.Cryptography;
using ClusterGateway.Gateway.Security;

namespace ClusterGateway.Gateway.Hosting;

/// <summary>
/// Serves the current <see cref="ServingCertificate"/> to Kestrel for every new TLS handshake and reloads it when the
/// files behind <c>--tls-cert-file</c>/<c>--tls-private-key-file</c> change (after Kestrel's
/// <c>CertificatePathWatcher</c>): file events trigger a reload shortly after, and a periodic check catches what
/// events miss (mounted Secrets change through symlink swaps). A half-written pair (certificate and key that do not
/// match yet) keeps the previous certificate until the pair is whole, so no handshake ever fails.
/// </summary>
internal sealed partial class ServingCertificateWatcher : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);

    private readonly string? _certFile;
    private readonly string? _keyFile;
    private readonly ILogger<ServingCertificateWatcher> _logger;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer? _timer;
    private readonly Lock _reloadLock = new();
    private volatile ServingCertificate _current;
    private (DateTime, DateTime) _stamps;

    /// <summary>Loads the certificate (or generates a self-signed one) and starts watching the files.</summary>
    /// <param name="certFile">PEM certificate file, or <see langword="null"/> for a self-signed certificate.</param>
    /// <param name="keyFile">PEM key file (required with <paramref name="certFile"/>).</param>
    /// <param name="logger">Logger.</param>
    /// <exception cref="CryptographicException">The initial files are unusable.</exception>
    /// <exception cref="IOException">The initial files cannot be read.</exception>
    public ServingCertificateWatcher(string? certFile, string? keyFile, ILogger<ServingCertificateWatcher> logger)
    {
        _certFile = certFile;
        _keyFile = keyFile;
        _logger = logger;
        if (certFile is null || keyFile is null)
        {
            _current = ServingCertificate.SelfSigned();
            return;
        }

        _current = ServingCertificate.Load(certFile, keyFile);
        _stamps = Stamps();
        foreach (var directory in new[] { certFile, keyFile }.Select(f => Path.GetDirectoryName(Path.GetFullPath(f))!)
                     .Distinct(StringComparer.Ordinal))
        {
            var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = false };
            FileSystemEventHandler changed = (_, _) => Reload();
            watcher.Changed += changed;
            watcher.Created += changed;
            watcher.Renamed += (_, _) => Reload();
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }

        _timer = new Timer(_ => Reload(), null, PollInterval, PollInterval);
    }

    /// <summary>The certificate for the next handshake.</summary>
    public ServingCertificate Current => _current;

    /// <summary>Raised after a new certificate was loaded.</summary>
    public event Action<ServingCertificate>? Reloaded;

    /// <inheritdoc/>
    public void Dispose()
    {
        _timer?.Dispose();
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }
    }

    private void Reload()
    {
        lock (_reloadLock)
        {
            var stamps = Stamps();
            if (stamps == _stamps)
            {
                return;
            }

            try
            {
                var loaded = ServingCertificate.Load(_certFile!, _keyFile!);
                _stamps = stamps;
                if (loaded.Certificate.Thumbprint == _current.Certificate.Thumbprint)
                {
                    return;
                }

                _current = loaded;
                Log.Reloaded(_logger, _certFile!, loaded.Certificate.Subject, loaded.Certificate.NotAfter);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException
                                          or ArgumentException)
            {
                // Usually a pair caught mid-write: keep serving the old one; the next event or poll retries.
                Log.NotReloaded(_logger, _certFile!, e.Message);
                return;
            }
        }

        Reloaded?.Invoke(_current);
    }

    private (DateTime, DateTime) Stamps() =>
        (File.GetLastWriteTimeUtc(_certFile!), File.GetLastWriteTimeUtc(_keyFile!));

    private static partial class Log
    {
        [LoggerMessage(EventId = 600, Level = LogLevel.Information,
            Message = "Serving certificate reloaded from {File}: {Subject}, valid until {NotAfter:u}")]
        public static partial void Reloaded(ILogger logger, string file, string subject, DateTime notAfter);

        [LoggerMessage(EventId = 601, Level = LogLevel.Warning,
            Message = "Serving certificate in {File} not reloaded yet (keeping the current one): {Reason}")]
        public static partial void NotReloaded(ILogger logger, string file, string reason);
    }
}
