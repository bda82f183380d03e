namespace ClusterGateway.Gateway.Local;

/// <summary>What stat tells of a file without opening it: a change of either means it must be read again.</summary>
/// <param name="Length">Size in bytes (of a symbolic link's target); -1 when it does not exist.</param>
/// <param name="Ticks">Last write time, UTC ticks; -1 when it does not exist.</param>
internal readonly record struct FileStamp(long Length, long Ticks)
{
    /// <summary>The stamp of <paramref name="file"/> as it is cached in the object (refresh it for a new stat).</summary>
    /// <param name="file">The file.</param>
    /// <returns>The stamp.</returns>
    public static FileStamp Of(FileInfo file) =>
        file.Exists ? new FileStamp(file.Length, file.LastWriteTimeUtc.Ticks) : new FileStamp(-1, -1);
}
