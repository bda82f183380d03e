using System.Runtime.InteropServices;

namespace ClusterGateway.TestSupport.Spdy;

/// <summary>
/// Decompresses the header blocks one endpoint receives: the peer's single zlib stream for the connection, whose
/// zlib header asks for <see cref="SpdyDictionary"/> (<c>Z_NEED_DICT</c>) before the first block. Not thread-safe:
/// blocks must be decompressed in wire order (<see cref="SpdyFrameReader"/> reads frames one at a time).
/// </summary>
internal sealed class SpdyHeaderDecompressor : IDisposable
{
    private readonly IntPtr _stream = ZlibNative.AllocateStream();
    private bool _disposed;

    public SpdyHeaderDecompressor()
    {
        var code = ZlibNative.InflateInit(_stream, ZlibNative.Version(), ZlibNative.StreamSize);
        if (code != ZlibNative.Ok)
        {
            Marshal.FreeHGlobal(_stream);
            throw new InvalidDataException($"zlib inflateInit failed ({code})");
        }
    }

    /// <summary>Decompresses one compressed header block.</summary>
    /// <param name="compressed">The block as it came in a SYN_STREAM, SYN_REPLY or HEADERS frame.</param>
    /// <returns>The uncompressed name/value block.</returns>
    /// <exception cref="InvalidDataException">The data is not a valid continuation of the peer's zlib stream.</exception>
    public byte[] Decompress(ReadOnlySpan<byte> compressed)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return ZlibPump.Run(_stream, compressed, Inflate, (code, produced, left) =>
            (Marshal.ReadInt32(_stream, ZlibNative.AvailIn) == 0 && left != 0) ||
            (code == ZlibNative.BufferError && produced == 0));
    }

    // The first block of the peer's stream asks for the SPDY dictionary (Z_NEED_DICT) before it inflates.
    private int Inflate()
    {
        var code = ZlibNative.Inflate(_stream, ZlibNative.SyncFlush);
        if (code == ZlibNative.NeedDictionary)
        {
            var dictionary = SpdyDictionary.Bytes;
            code = ZlibNative.InflateSetDictionary(_stream, dictionary, (uint)dictionary.Length);
            if (code != ZlibNative.Ok)
            {
                throw ZlibNative.Failure(_stream, "inflateSetDictionary", code);
            }

            code = ZlibNative.Inflate(_stream, ZlibNative.SyncFlush);
        }

        return code >= 0 || code == ZlibNative.BufferError ? code : throw ZlibNative.Failure(_stream, "inflate", code);
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            ZlibNative.InflateEnd(_stream);
            Marshal.FreeHGlobal(_stream);
        }
    }
}
