using System.Runtime.InteropServices;

namespace ClusterGateway.TestSupport.Spdy;

/// <summary>
/// Compresses the header blocks one endpoint sends: one zlib stream for the whole connection, primed with
/// <see cref="SpdyDictionary"/>, each block ended with a sync flush (spdy-protocol-draft3 §2.6.10.1). Not thread-safe:
/// blocks must be compressed in the order they are written to the wire (<see cref="SpdyFrameWriter"/> holds its lock).
/// </summary>
internal sealed class SpdyHeaderCompressor : IDisposable
{
    private const int ChunkSize = 4096;
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
        var input = block.ToArray();
        var output = new byte[ChunkSize];
        using var result = new MemoryStream();
        var inputHandle = GCHandle.Alloc(input, GCHandleType.Pinned);
        var outputHandle = GCHandle.Alloc(output, GCHandleType.Pinned);
        try
        {
            ZlibNative.SetBuffers(_stream, inputHandle.AddrOfPinnedObject(), input.Length,
                outputHandle.AddrOfPinnedObject(), output.Length);
            while (true)
            {
                var code = ZlibNative.Deflate(_stream, ZlibNative.SyncFlush);
                if (code != ZlibNative.Ok && code != ZlibNative.BufferError)
                {
                    throw ZlibNative.Failure(_stream, "deflate", code);
                }

                var left = Marshal.ReadInt32(_stream, ZlibNative.AvailOut);
                result.Write(output, 0, output.Length - left);
                if (left != 0)
                {
                    return result.ToArray();
                }

                // The output chunk filled up: more is pending.
                Marshal.WriteIntPtr(_stream, ZlibNative.NextOut, outputHandle.AddrOfPinnedObject());
                Marshal.WriteInt32(_stream, ZlibNative.AvailOut, output.Length);
            }
        }
        finally
        {
            inputHandle.Free();
            outputHandle.Free();
        }
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
