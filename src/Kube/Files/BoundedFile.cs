using System.Text;
using Microsoft.Win32.SafeHandles;

namespace ClusterGateway.Kube.Files;

/// <summary>
/// Reads a file that someone else controls (a cluster manifest, a kubeconfig and the files it names) without letting
/// its content stop the process: only regular files (symbolic links are followed and the target checked, so a FIFO,
/// a device such as <c>/dev/zero</c>, a socket or a directory is refused with a message saying what it is), never
/// more than <see cref="DefaultMaxBytes"/> (or the given limit) read into memory, and a FIFO can never block the
/// caller. On Linux the type is checked before opening, the open does not block (<c>O_NONBLOCK</c>) and the type is
/// checked again on the open file, so swapping the file between the two steps gains nothing. Elsewhere a file whose
/// size is reported as 0 (what FIFOs and devices report) is taken as empty without being opened.
/// </summary>
public static class BoundedFile
{
    /// <summary>
    /// 1 MiB: the most read from one file by default. The same bound as one Kubernetes object in etcd (etcd's default
    /// <c>--max-request-bytes</c> is 1.5 MiB; kube-apiserver rejects a Secret whose data exceeds 1 MiB,
    /// <c>k8s.io/kubernetes/pkg/apis/core/validation</c> <c>MaxSecretSize</c>), so a manifest or kubeconfig that could
    /// be stored as a Secret always fits.
    /// </summary>
    public const int DefaultMaxBytes = 1024 * 1024;

    /// <summary>Reads a whole file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <returns>The content.</returns>
    /// <exception cref="IOException">
    /// Missing (<see cref="FileNotFoundException"/>), unreadable, not a regular file or larger than
    /// <paramref name="maxBytes"/>. The message says what is wrong (e.g. <c>it is not a regular file but a FIFO</c>)
    /// and the caller names the file.
    /// </exception>
    /// <exception cref="UnauthorizedAccessException">No permission to read it.</exception>
    public static byte[] ReadAllBytes(string path, int maxBytes = DefaultMaxBytes)
    {
        var (buffer, length) = Read(path, maxBytes);
        return length == buffer.Length ? buffer : buffer[..length];
    }

    /// <summary>Reads a whole file as UTF-8 text (a byte order mark is dropped).</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <returns>The text.</returns>
    /// <exception cref="IOException">As <see cref="ReadAllBytes"/>.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to read it.</exception>
    public static string ReadAllText(string path, int maxBytes = DefaultMaxBytes)
    {
        var (buffer, length) = Read(path, maxBytes);
        var bytes = buffer.AsSpan(0, length);
        var preamble = Encoding.UTF8.Preamble;
        return Encoding.UTF8.GetString(bytes.StartsWith(preamble) ? bytes[preamble.Length..] : bytes);
    }

    // The content is buffer[..length]; the buffer is sized from the file's stat, so a small file costs its size, not
    // a fixed chunk.
    private static (byte[] Buffer, int Length) Read(string path, int maxBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        long size;
        using var handle = OperatingSystem.IsLinux()
            ? OpenLinux(path, maxBytes, out size)
            : OpenPortable(path, maxBytes, out size);
        return handle is null ? ([], 0) : ReadAtMost(handle, path, maxBytes, size);
    }

    private static SafeFileHandle OpenLinux(string path, int maxBytes, out long size)
    {
        // Checked before opening so a device is never opened (opening some has side effects), and again after.
        (var type, size) = LinuxFile.Stat(path);
        Check(path, type, size, maxBytes);
        var handle = LinuxFile.OpenForReading(path);
        try
        {
            (type, size) = LinuxFile.Stat(handle, path);
            Check(path, type, size, maxBytes);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static SafeFileHandle? OpenPortable(string path, int maxBytes, out long size)
    {
        var info = new FileInfo(path);
        size = 0;
        if (!info.Exists)
        {
            throw Directory.Exists(path)
                ? new IOException("it is not a regular file but a directory")
                : new FileNotFoundException("it does not exist", path);
        }

        // Without a portable file-type query, a reported size of 0 (FIFOs and devices report 0) is read as empty
        // rather than opened, since opening a FIFO blocks until a writer appears.
        if (info.Length == 0)
        {
            return null;
        }

        size = info.Length;
        CheckSize(path, size, maxBytes);
        return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
    }

    private static void Check(string path, LinuxFile.FileType type, long size, int maxBytes)
    {
        if (type != LinuxFile.FileType.Regular)
        {
            throw new IOException($"it is not a regular file but {Describe(type)}");
        }

        CheckSize(path, size, maxBytes);
    }

    private static void CheckSize(string path, long size, int maxBytes)
    {
        if (size > maxBytes)
        {
            throw new IOException($"it is {size} bytes, more than the limit of {maxBytes} bytes");
        }
    }

    // Reads at most maxBytes + 1 bytes: a file that grew after the size check is still caught, never read whole. The
    // buffer starts one byte above the stat'd size, so the end of a file that did not grow is seen without growing it.
    private static (byte[] Buffer, int Length) ReadAtMost(SafeFileHandle handle, string path, int maxBytes, long size)
    {
        var buffer = new byte[Math.Min(maxBytes + 1L, Math.Max(size + 1, 256))];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total > maxBytes)
                {
                    throw new IOException($"it is more than the limit of {maxBytes} bytes");
                }

                Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1L, buffer.Length * 2L));
            }

            var read = RandomAccess.Read(handle, buffer.AsSpan(total), total);
            if (read == 0)
            {
                return (buffer, total);
            }

            total += read;
        }
    }

    private static string Describe(LinuxFile.FileType type) => type switch
    {
        LinuxFile.FileType.Fifo => "a FIFO",
        LinuxFile.FileType.CharacterDevice => "a character device",
        LinuxFile.FileType.BlockDevice => "a block device",
        LinuxFile.FileType.Directory => "a directory",
        LinuxFile.FileType.Socket => "a socket",
        _ => $"of type 0x{(int)type:x}",
    };
}
