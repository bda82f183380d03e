using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.E2E.Harness;

/// <summary>
/// A pod's volumes on the host, projected as the kubelet's AtomicWriter does (pkg/volume/util/atomic_writer.go): the
/// files live in a timestamped directory, <c>..data</c> links to it and every key is a link through <c>..data</c>, so an
/// update is one rename and a reader never sees half of it. Secret and ConfigMap volumes honour <c>items</c>; emptyDir
/// is an empty directory; the service-account volume holds <c>token</c>, <c>ca.crt</c> and <c>namespace</c>.
/// </summary>
internal sealed class PodVolumes(string root, string @namespace, FakeObjectStore store)
{
    private readonly Dictionary<string, (string Kind, JsonObject Source)> _projected = new(StringComparer.Ordinal);

    /// <summary>The host directory of a volume (created).</summary>
    public string PathOf(string volume)
    {
        var path = Path.Combine(root, volume);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Creates every volume of the pod spec; returns false when a non-optional source is missing.</summary>
    public bool Create(JsonArray? volumes, out string? missing)
    {
        missing = null;
        foreach (var volume in volumes ?? [])
        {
            var name = volume!["name"]!.GetValue<string>();
            if (volume["secret"] is JsonObject secret)
            {
                _projected[name] = ("secret", secret);
            }
            else if (volume["configMap"] is JsonObject configMap)
            {
                _projected[name] = ("configMap", configMap);
            }
            else
            {
                // emptyDir (and anything else): an empty directory.
                PathOf(name);
            }
        }

        return Resync(out missing);
    }

    /// <summary>Re-projects Secret/ConfigMap volumes whose source changed (the kubelet's periodic sync).</summary>
    public bool Resync(out string? missing)
    {
        missing = null;
        foreach (var (name, (kind, source)) in _projected)
        {
            var files = Files(kind, source, out var absent);
            if (files is null)
            {
                missing ??= absent;
                continue;
            }

            Write(PathOf(name), files);
        }

        return missing is null;
    }

    /// <summary>Writes the service-account volume; returns its directory.</summary>
    public string WriteServiceAccount(string token, string caPem)
    {
        var directory = PathOf("kube-api-access");
        Write(directory, new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["token"] = Encoding.UTF8.GetBytes(token),
            ["ca.crt"] = Encoding.UTF8.GetBytes(caPem),
            ["namespace"] = Encoding.UTF8.GetBytes(@namespace),
        });
        return directory;
    }

    private Dictionary<string, byte[]>? Files(string kind, JsonObject source, out string? absent)
    {
        absent = null;
        var isSecret = kind == "secret";
        var objectName = source[isSecret ? "secretName" : "name"]!.GetValue<string>();
        var live = store.Get(isSecret ? FakeResource.Secrets : FakeResource.ConfigMaps, @namespace, objectName);
        var optional = source["optional"]?.GetValue<bool>() == true;
        if (live is null)
        {
            absent = $"{kind} {@namespace}/{objectName}";
            return optional ? [] : null;
        }

        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in live["data"]?.AsObject() ?? [])
        {
            var text = value!.GetValue<string>();
            data[key] = isSecret ? Convert.FromBase64String(text) : Encoding.UTF8.GetBytes(text);
        }

        foreach (var (key, value) in live["binaryData"]?.AsObject() ?? [])
        {
            data[key] = Convert.FromBase64String(value!.GetValue<string>());
        }

        if (source["items"] is not JsonArray items)
        {
            return data;
        }

        var projected = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = item!["key"]!.GetValue<string>();
            if (data.TryGetValue(key, out var bytes))
            {
                projected[item["path"]!.GetValue<string>()] = bytes;
            }
            else if (!optional)
            {
                absent = $"key {key} of {kind} {@namespace}/{objectName}";
                return null;
            }
        }

        return projected;
    }

    private static void Write(string directory, Dictionary<string, byte[]> files)
    {
        var dataLink = Path.Combine(directory, "..data");
        var current = new FileInfo(dataLink).LinkTarget;
        if (current is not null && SameContent(Path.Combine(directory, current), files))
        {
            return;
        }

        var stamp = "..";
        stamp += DateTime.UtcNow.ToString("yyyy_MM_dd_HH_mm_ss.fffffff", CultureInfo.InvariantCulture);
        var target = Path.Combine(directory, stamp);
        Directory.CreateDirectory(target);
        foreach (var (path, bytes) in files)
        {
            var file = Path.Combine(target, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, bytes);
        }

        var temporary = Path.Combine(directory, "..data_tmp");
        if (new FileInfo(temporary).LinkTarget is not null)
        {
            File.Delete(temporary);
        }
        File.CreateSymbolicLink(temporary, stamp);
        // rename(2) over the old link: atomic for readers (File.Move would follow the link).
        using (var rename = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mv", ["-T", temporary, dataLink])
               { UseShellExecute = false }))
        {
            rename!.WaitForExit();
            if (rename.ExitCode != 0)
            {
                throw new IOException($"mv -T {temporary} {dataLink} failed");
            }
        }
        foreach (var top in files.Keys.Select(p => p.Split('/')[0]).Distinct(StringComparer.Ordinal))
        {
            var link = Path.Combine(directory, top);
            if (new FileInfo(link).LinkTarget is null && !File.Exists(link) && !Directory.Exists(link))
            {
                File.CreateSymbolicLink(link, Path.Combine("..data", top));
            }
        }

        foreach (var stale in Directory.EnumerateFileSystemEntries(directory))
        {
            var name = Path.GetFileName(stale);
            if (name.StartsWith("..", StringComparison.Ordinal) && name != "..data" && name != stamp)
            {
                Directory.Delete(stale, recursive: true);
            }
            else if (!name.StartsWith("..", StringComparison.Ordinal) && !files.Keys.Any(k => k.Split('/')[0] == name))
            {
                File.Delete(stale);
            }
        }
    }

    private static bool SameContent(string directory, Dictionary<string, byte[]> files)
    {
        if (!Directory.Exists(directory))
        {
            return false;
        }

        var existing = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToList();
        return existing.Count == files.Count && files.All(f =>
        {
            var path = Path.Combine(directory, f.Key);
            return File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(f.Value);
        });
    }
}
