using System.Formats.Tar;
using System.Text;

namespace ClusterGateway.TestSupport.Streaming;

/// <summary>
/// The two <c>tar</c> invocations <c>kubectl cp</c> makes (kubectl cp.go): <c>tar cf - PATH</c> writes the file or
/// directory as a ustar archive to stdout, names without the leading slash like GNU tar; <c>tar xf - -C DIR</c>
/// (also <c>-xmf</c>) unpacks stdin below DIR. Other flags give exit code 2.
/// </summary>
internal static class FakeTar
{
    public static async Task<int> RunAsync(IReadOnlyList<string> command, IRemoteCommandSession session,
        FakePodFiles files, CancellationToken cancellationToken)
    {
        var mode = command.Count > 1 ? command[1].TrimStart('-') : string.Empty;
        if (mode.Contains('c', StringComparison.Ordinal) && command.Count > 3 && command[2] == "-")
        {
            return await CreateAsync(command.Skip(3), session, files, cancellationToken);
        }

        if (mode.Contains('x', StringComparison.Ordinal) && command.Count > 2 && command[2] == "-")
        {
            var directory = "/";
            for (var i = 3; i < command.Count - 1; i++)
            {
                if (command[i] == "-C")
                {
                    directory = command[i + 1];
                }
            }

            return await ExtractAsync(directory, session, files, cancellationToken);
        }

        if (session.Stderr is not null)
        {
            await session.Stderr.WriteAsync(Encoding.UTF8.GetBytes("tar: unsupported invocation\n"), cancellationToken);
        }

        return 2;
    }

    private static async Task<int> CreateAsync(IEnumerable<string> paths, IRemoteCommandSession session,
        FakePodFiles files, CancellationToken cancellationToken)
    {
        using var archive = new MemoryStream();
        using (var writer = new TarWriter(archive, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var path in paths)
            {
                var entries = files.Under(path);
                if (entries.Count == 0)
                {
                    return 2;
                }

                foreach (var (name, content) in entries)
                {
                    writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name.TrimStart('/'))
                    {
                        DataStream = new MemoryStream(content),
                    });
                }
            }
        }

        if (session.Stdout is not null)
        {
            await session.Stdout.WriteAsync(archive.ToArray(), cancellationToken);
        }

        return 0;
    }

    private static async Task<int> ExtractAsync(string directory, IRemoteCommandSession session, FakePodFiles files,
        CancellationToken cancellationToken)
    {
        if (session.Stdin is null)
        {
            return 2;
        }

        using var archive = new MemoryStream();
        await session.Stdin.CopyToAsync(archive, cancellationToken);
        archive.Position = 0;
        using var reader = new TarReader(archive);
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            var path = FakePodFiles.Normalize(directory + "/" + entry.Name);
            if (entry.EntryType == TarEntryType.Directory)
            {
                files.CreateDirectory(path);
            }
            else if (entry.DataStream is { } data)
            {
                using var content = new MemoryStream();
                data.CopyTo(content);
                files.Write(path, content.ToArray());
            }
        }

        return 0;
    }
}
