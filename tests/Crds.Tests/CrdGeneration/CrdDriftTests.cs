using ClusterGateway.TestSupport;

namespace ClusterGateway.Crds.Tests.CrdGeneration;

/// <summary>
/// The committed CRDs in <c>config/crd</c> equal what <see cref="CrdGenerator"/> produces from the C# types now.
/// With <c>CLUSTERGATEWAY_UPDATE_CRDS=1</c> the test rewrites them instead.
/// </summary>
public sealed class CrdDriftTests
{
    [Fact]
    public void CrdDrift_CommittedYaml_MatchesGenerator()
    {
        var root = RepositoryPaths.Root;
        var update = string.Equals(Environment.GetEnvironmentVariable("CLUSTERGATEWAY_UPDATE_CRDS"), "1", StringComparison.Ordinal);
        foreach (var (relativePath, yaml) in CrdGenerator.GenerateAll())
        {
            var path = Path.Combine(root, relativePath);
            if (update)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, yaml);
                continue;
            }

            File.Exists(path).Should().BeTrue($"{relativePath} must be committed; run `{CrdGenerator.RegenerateCommand}`");
            File.ReadAllText(path).ReplaceLineEndings("\n").Should().Be(yaml,
                $"{relativePath} drifted from the C# types in src/Crds; run `{CrdGenerator.RegenerateCommand}` and commit the result");
        }
    }
}
