using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ClusterGateway.Kube.Files;

/// <summary>
/// The Linux system calls <see cref="BoundedFile"/> needs and .NET does not expose: the file type (<c>statx(2)</c>,
/// whose <c>struct statx</c> has one layout on every architecture, unlike <c>struct stat</c>) and a non-blocking
/// <c>open(2)</c>, so opening a FIFO returns at once instead of waiting for a writer (<c>fifo(7)</c>).
/// </summary>
internal static partial class LinuxFile
{
    // <fcntl.h> / <sys/stat.h> values shared by every architecture .NET runs on (x64, arm64, arm, s390x, ppc64le,
    // riscv64, loongarch64); they differ only on alpha, mips, parisc and sparc.
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x0001;
    private const uint StatxSize = 0x0200;
    private const int OpenReadOnlyNonBlocking = 0x0000 | 0x0800 /* O_NONBLOCK */ | 0x0100 /* O_NOCTTY */ | 0x80000 /* O_CLOEXEC */;
    private const int TypeMask = 0xF000;

    /// <summary>The <c>S_IFMT</c> bits of a mode.</summary>
    public enum FileType
    {
        /// <summary><c>S_IFIFO</c>.</summary>
        Fifo = 0x1000,

        /// <summary><c>S_IFCHR</c>.</summary>
        CharacterDevice = 0x2000,

        /// <summary><c>S_IFDIR</c>.</summary>
        Directory = 0x4000,

        /// <summary><c>S_IFBLK</c>.</summary>
        BlockDevice = 0x6000,

        /// <summary><c>S_IFREG</c>.</summary>
        Regular = 0x8000,

        /// <summary><c>S_IFLNK</c> (not seen: symbolic links are followed).</summary>
        SymbolicLink = 0xA000,

        /// <summary><c>S_IFSOCK</c>.</summary>
        Socket = 0xC000,
    }

    /// <summary>Type and size of what <paramref name="path"/> names, following symbolic links.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The file type and size in bytes.</returns>
    /// <exception cref="IOException">The path cannot be examined (e.g. <see cref="FileNotFoundException"/>).</exception>
    /// <exception cref="UnauthorizedAccessException">No permission.</exception>
    public static (FileType Type, long Size) Stat(string path)
    {
        var result = Statx(AtFdCwd, path, 0, StatxType | StatxSize, out var buffer);
        return result == 0 ? (buffer.Type, (long)buffer.Size) : throw LastError(path);
    }

    /// <summary>Type and size of an open file.</summary>
    /// <param name="handle">The open file.</param>
    /// <param name="path">The path, for messages.</param>
    /// <returns>The file type and size in bytes.</returns>
    /// <exception cref="IOException">The call failed.</exception>
    public static (FileType Type, long Size) Stat(SafeFileHandle handle, string path)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var result = Statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxType | StatxSize, out var buffer);
            return result == 0 ? (buffer.Type, (long)buffer.Size) : throw LastError(path);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Opens for reading without blocking (FIFOs, devices) and without becoming a controlling terminal.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The open file.</returns>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission.</exception>
    public static SafeFileHandle OpenForReading(string path)
    {
        var fd = Open(path, OpenReadOnlyNonBlocking);
        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw LastError(path);
    }

    private static Exception LastError(string path) => Marshal.GetLastPInvokeError() switch
    {
        2 /* ENOENT */ => new FileNotFoundException("it does not exist", path),
        13 /* EACCES */ => new UnauthorizedAccessException("permission denied"),
        _ => new IOException(Marshal.GetLastPInvokeErrorMessage()),
    };

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    // struct statx (include/uapi/linux/stat.h): fixed-size fields, 256 bytes in all.
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)]
        private readonly ushort _mode;

        [FieldOffset(40)]
        private readonly ulong _size;

        public readonly FileType Type => (FileType)(_mode & TypeMask);

        public readonly ulong Size => _size;
    }
}
