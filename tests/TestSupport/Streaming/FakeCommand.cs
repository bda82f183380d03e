using System.Globalization;
using System.Text;

namespace ClusterGateway.TestSupport.Streaming;

/// <summary>
/// What runs inside a fake container. Commands (argv as given by repeated <c>command=</c>):
/// <list type="bullet">
/// <item><c>cat</c>: copies stdin to stdout until stdin closes, exit 0; <c>cat FILE</c> prints a file;</item>
/// <item><c>echo ARGS</c>: prints the arguments and a newline;</item>
/// <item><c>exit N</c>, <c>sh -c "exit N"</c> (also <c>bash</c>, <c>/bin/sh</c>): exits with N; <c>true</c>,
/// <c>false</c>;</item>
/// <item><c>sh -c "SCRIPT"</c> otherwise runs SCRIPT split on spaces as one of these commands;</item>
/// <item><c>tar</c> and <c>test -d</c> for <c>kubectl cp</c> (<see cref="FakeTar"/>);</item>
/// <item>anything else: <c>sh: NAME: not found</c> on stderr, exit 127.</item>
/// </list>
/// Attach (no command) behaves like <c>cat</c>: the container's main process echoes what it is sent.
/// </summary>
internal static class FakeCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> command, IRemoteCommandSession session,
        FakePodFiles files, CancellationToken cancellationToken)
    {
        if (command.Count == 0)
        {
            return await CatAsync(session, cancellationToken);
        }

        switch (command[0])
        {
            case "sh" or "/bin/sh" or "bash" or "/bin/bash" when command.Count >= 3 && command[1] == "-c":
                var script = command[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return await RunAsync(script, session, files, cancellationToken);
            case "cat" when command.Count == 1:
                return await CatAsync(session, cancellationToken);
            case "cat":
                return await CatFilesAsync(command.Skip(1), session, files, cancellationToken);
            case "echo":
                await WriteAsync(session.Stdout, string.Join(' ', command.Skip(1)) + "\n", cancellationToken);
                return 0;
            case "exit":
                return command.Count > 1 && int.TryParse(command[1], CultureInfo.InvariantCulture, out var code)
                    ? code
                    : 0;
            case "true":
                return 0;
            case "false":
                return 1;
            case "tar":
                return await FakeTar.RunAsync(command, session, files, cancellationToken);
            case "test" when command.Count == 3 && command[1] == "-d":
                return files.IsDirectory(command[2]) ? 0 : 1;
            default:
                await WriteAsync(session.Stderr, $"sh: {command[0]}: not found\n", cancellationToken);
                return 127;
        }
    }

    private static async Task<int> CatAsync(IRemoteCommandSession session, CancellationToken cancellationToken)
    {
        if (session.Stdin is null)
        {
            return 0;
        }

        var buffer = new byte[32 * 1024];
        int read;
        while ((read = await session.Stdin.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (session.Stdout is not null)
            {
                await session.Stdout.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        return 0;
    }

    private static async Task<int> CatFilesAsync(IEnumerable<string> paths, IRemoteCommandSession session,
        FakePodFiles files, CancellationToken cancellationToken)
    {
        foreach (var path in paths)
        {
            if (files.Read(path) is not { } content)
            {
                await WriteAsync(session.Stderr, $"cat: {path}: No such file or directory\n", cancellationToken);
                return 1;
            }

            if (session.Stdout is not null)
            {
                await session.Stdout.WriteAsync(content, cancellationToken);
            }
        }

        return 0;
    }

    private static async Task WriteAsync(Stream? stream, string text, CancellationToken cancellationToken)
    {
        if (stream is not null)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        }
    }
}
