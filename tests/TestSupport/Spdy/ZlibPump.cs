using System.Runtime.InteropServices;

namespace ClusterGateway.TestSupport.Spdy;

/// <summary>
/// Runs a native zlib stream over one input block: pins the input and a 4 KiB output chunk, calls <c>step</c>
/// (one deflate or inflate call, returning its code) until <c>finished</c> says all output is in, and collects what
/// each call produced, resetting the output chunk whenever it filled up.
/// </summary>
internal static class ZlibPump
{
    private const int ChunkSize = 4096;

    /// <param name="stream">The z_stream.</param>
    /// <param name="input">The block.</param>
    /// <param name="step">One zlib call; throws on a real error, returns the zlib code otherwise.</param>
    /// <param name="finished">(code, bytes produced by this call, output space left) → whether the block is done.</param>
    public static byte[] Run(IntPtr stream, ReadOnlySpan<byte> input, Func<int> step, Func<int, int, int, bool> finished)
    {
        var inputBytes = input.ToArray();
        var output = new byte[ChunkSize];
        using var result = new MemoryStream();
        var inputHandle = GCHandle.Alloc(inputBytes, GCHandleType.Pinned);
        var outputHandle = GCHandle.Alloc(output, GCHandleType.Pinned);
        try
        {
            ZlibNative.SetBuffers(stream, inputHandle.AddrOfPinnedObject(), inputBytes.Length,
                outputHandle.AddrOfPinnedObject(), output.Length);
            while (true)
            {
                var code = step();
                var left = Marshal.ReadInt32(stream, ZlibNative.AvailOut);
                var produced = output.Length - left;
                result.Write(output, 0, produced);
                if (finished(code, produced, left))
                {
                    return result.ToArray();
                }

                Marshal.WriteIntPtr(stream, ZlibNative.NextOut, outputHandle.AddrOfPinnedObject());
                Marshal.WriteInt32(stream, ZlibNative.AvailOut, output.Length);
            }
        }
        finally
        {
            inputHandle.Free();
            outputHandle.Free();
        }
    }
}
