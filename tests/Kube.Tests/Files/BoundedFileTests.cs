using System.Diagnostics;
using System.Text;
using ClusterGateway.Kube.Files;

namespace ClusterGateway.Kube.Tests.Files;

/// <summary>Linux semantics (the platform the gateway ships for): the file type is checked there.</summary>
public sealed class BoundedFileTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cg-bounded-" + Guid.NewGuid().ToString("N")[..8]);

    public BoundedFileTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void RegularFile_AtTheLimit_IsRead_OneByteMoreIsRefused()
    {
        var file = Path.Combine(_root, "a.yaml");
        File.WriteAllBytes(file, new byte[100]);

        BoundedFile.ReadAllBytes(file, maxBytes: 100).Should().HaveCount(100);
        var act = () => BoundedFile.ReadAllBytes(file, maxBytes: 99);
        act.Should().Throw<IOException>().WithMessage("it is 100 bytes, more than the limit of 99 bytes");
    }

    [Fact]
    public void LargeFile_UnderTheDefaultLimit_IsReadWhole_AndTheByteOrderMarkDropped()
    {
        var file = Path.Combine(_root, "big.yaml");
        var text = "# " + new string('x', BoundedFile.DefaultMaxBytes - 10);
        File.WriteAllText(file, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        BoundedFile.ReadAllText(file).Should().Be(text);
    }

    [Fact]
    public void SymlinkToARegularFile_IsFollowed()
    {
        var target = Path.Combine(_root, "target.yaml");
        File.WriteAllText(target, "a: 1\n");
        var link = Path.Combine(_root, "link.yaml");
        File.CreateSymbolicLink(link, target);

        BoundedFile.ReadAllText(link).Should().Be("a: 1\n");
    }

    [Fact]
    public void Missing_IsFileNotFound()
    {
        var act = () => BoundedFile.ReadAllBytes(Path.Combine(_root, "nope.yaml"));

        act.Should().Throw<FileNotFoundException>().WithMessage("it does not exist");
    }

    [Fact]
    public void Directory_IsRefused()
    {
        var act = () => BoundedFile.ReadAllBytes(_root);

        act.Should().Throw<IOException>().WithMessage("it is not a regular file but a directory");
    }

    [Fact(Timeout = 30_000)]
    public async Task Fifo_IsRefusedWithoutBlocking()
    {
        var fifo = Path.Combine(_root, "pipe.yaml");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        // Off the test thread, so a regression fails by the timeout instead of hanging the run.
        var act = () => Task.Run(() => BoundedFile.ReadAllBytes(fifo));

        await act.Should().ThrowAsync<IOException>().WithMessage("it is not a regular file but a FIFO");
    }

    [Fact]
    public void SymlinkToDevZero_IsRefused()
    {
        var link = Path.Combine(_root, "zero.yaml");
        File.CreateSymbolicLink(link, "/dev/zero");

        var act = () => BoundedFile.ReadAllBytes(link);

        act.Should().Throw<IOException>().WithMessage("it is not a regular file but a character device");
    }
}
