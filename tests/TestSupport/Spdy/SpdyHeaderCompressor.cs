using System.Runtime.InteropServices;

namespace ClusterGateway.TestSupport.Spdy;

/// <summary>
/// Compresses the header blocks one endpoint sends: one zlib stream for the whole connection, primed with
/// <see cref="SpdyDictionary"/>, each block ended with a sync flush (spdy-protocol-draft3 §2.6.10.1). Not thread-safe:
/// blocks must be compressed in the order they are written to the wire (<see cref="SpdyFrameWriter"/> holds its lock).
/// </summary>
internal sealed class SpdyHeaderCompressor : IDisposable
{
    private readonly IntPtr _stream = ZlibNative.AllocateStream();
    private bool _disposed;

    public SpdyHeaderCompressor()
    {
        var code = ZlibNative.DeflateInit(_stream, ZlibNative.DefaultCompression, ZlibNative.Version(),
            ZlibNative.StreamSize);
        if (code != ZlibNative.Ok)
        {
            Marshal.FreeHGlobal(_stream);
            throw new InvalidDataException($"zlib deflateInit failed ({code})");
        }

        var dictionary = SpdyDictionary.Bytes;
        code = ZlibNative.DeflateSetDictionary(_stream, dictionary, (uint)dictionary.Length);
        if (code != ZlibNative.Ok)
        {
            throw ZlibNative.Failure(_stream, "deflateSetDictionary", code);
        }
    }

    /// <summary>Compresses one (uncompressed) header block.</summary>
    /// <param name="block">The name/value block (<see cref="SpdyHeaderBlock.Encode"/>).</param>
    /// <returns>The compressed bytes, ending on a flush boundary.</returns>
    public byte[] Compress(ReadOnlySpan<byte> block)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return ZlibPump.Run(_stream, block, Deflate, (_, _, left) => left != 0); // a full chunk means more is pending
    }

    private int Deflate()
    {
        var code = ZlibNative.Deflate(_stream, ZlibNative.SyncFlush);
        return code == ZlibNative.Ok || code == ZlibNative.BufferError
            ? code
            : throw ZlibNative.Failure(_stream, "deflate", code);
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            ZlibNative.DeflateEnd(_stream);
            Marshal.FreeHGlobal(_stream);
        }
    }
}
