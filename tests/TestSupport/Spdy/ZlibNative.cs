using System.Runtime.InteropServices;

namespace ClusterGateway.TestSupport.Spdy;

/// <summary>
/// The machine's zlib (<c>libz.so.1</c>): System.IO.Compression cannot set a preset dictionary, which SPDY/3 header
/// compression needs. A <c>z_stream</c> lives in native memory at a fixed address (zlib keeps a pointer back to it);
/// this is its LP64 layout (zlib.h): pointers and <c>uLong</c> 8 bytes, <c>uInt</c> 4 bytes, 112 bytes in all.
/// </summary>
internal static class ZlibNative
{
    public const int StreamSize = 112;
    public const int NextIn = 0;
    public const int AvailIn = 8;
    public const int NextOut = 24;
    public const int AvailOut = 32;
    public const int Message = 48;

    public const int Ok = 0;
    public const int NeedDictionary = 2;
    public const int BufferError = -5;
    public const int SyncFlush = 2;
    public const int DefaultCompression = -1;

    private const string Library = "libz.so.1";

    [DllImport(Library, EntryPoint = "zlibVersion")]
    public static extern IntPtr Version();

    [DllImport(Library, EntryPoint = "deflateInit_")]
    public static extern int DeflateInit(IntPtr stream, int level, IntPtr version, int streamSize);

    [DllImport(Library, EntryPoint = "deflateSetDictionary")]
    public static extern int DeflateSetDictionary(IntPtr stream, byte[] dictionary, uint length);

    [DllImport(Library, EntryPoint = "deflate")]
    public static extern int Deflate(IntPtr stream, int flush);

    [DllImport(Library, EntryPoint = "deflateEnd")]
    public static extern int DeflateEnd(IntPtr stream);

    [DllImport(Library, EntryPoint = "inflateInit_")]
    public static extern int InflateInit(IntPtr stream, IntPtr version, int streamSize);

    [DllImport(Library, EntryPoint = "inflateSetDictionary")]
    public static extern int InflateSetDictionary(IntPtr stream, byte[] dictionary, uint length);

    [DllImport(Library, EntryPoint = "inflate")]
    public static extern int Inflate(IntPtr stream, int flush);

    [DllImport(Library, EntryPoint = "inflateEnd")]
    public static extern int InflateEnd(IntPtr stream);

    /// <summary>Allocates a zeroed <c>z_stream</c> (zalloc/zfree/opaque null: zlib's defaults).</summary>
    public static IntPtr AllocateStream()
    {
        var stream = Marshal.AllocHGlobal(StreamSize);
        for (var offset = 0; offset < StreamSize; offset += 8)
        {
            Marshal.WriteInt64(stream, offset, 0);
        }

        return stream;
    }

    /// <summary>Points the stream at input and output buffers (pinned by the caller for the call).</summary>
    public static void SetBuffers(IntPtr stream, IntPtr input, int inputLength, IntPtr output, int outputLength)
    {
        Marshal.WriteIntPtr(stream, NextIn, input);
        Marshal.WriteInt32(stream, AvailIn, inputLength);
        Marshal.WriteIntPtr(stream, NextOut, output);
        Marshal.WriteInt32(stream, AvailOut, outputLength);
    }

    /// <summary>An exception carrying zlib's message for a failed call.</summary>
    public static InvalidDataException Failure(IntPtr stream, string operation, int code)
    {
        var message = Marshal.ReadIntPtr(stream, Message);
        var text = message == IntPtr.Zero ? "" : Marshal.PtrToStringAnsi(message);
        return new InvalidDataException($"zlib {operation} failed ({code}): {text}");
    }
}
