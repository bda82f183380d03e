using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>The registry of served resources (what discovery reports).</summary>
public sealed partial class FakeObjectStore
{
    /// <summary>Every served resource, in registration order.</summary>
    public IReadOnlyList<FakeResource> Resources
    {
        get
        {
            lock (_gate)
            {
                return [.. _resources.Values];
            }
        }
    }

    /// <summary>Serves a resource (replaces one with the same group/version/plural).</summary>
    public void RegisterResource(FakeResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (_gate)
        {
            RegisterResourceLocked(resource);
        }
    }

    public FakeResource? FindResource(string group, string version, string plural)
    {
        lock (_gate)
        {
            return _resources.GetValueOrDefault($"{group}/{version}/{plural}");
        }
    }

    public FakeResource? FindResourceByKind(string apiVersion, string kind)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        lock (_gate)
        {
            return _resources.Values.FirstOrDefault(r => r.Group == group && r.Version == version &&
                string.Equals(r.Kind, kind, StringComparison.Ordinal));
        }
    }

    /// <summary>The resource of an object, from its apiVersion and kind.</summary>
    public FakeResource ResourceFor(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var apiVersion = obj["apiVersion"]?.GetValue<string>() ?? throw new ArgumentException("apiVersion missing");
        var kind = obj["kind"]?.GetValue<string>() ?? throw new ArgumentException("kind missing");
        return FindResourceByKind(apiVersion, kind) ??
            throw new ArgumentException($"no resource registered for {apiVersion}, Kind={kind}");
    }

    private void RegisterResourceLocked(FakeResource resource) =>
        _resources[$"{resource.Group}/{resource.Version}/{resource.Plural}"] = resource;
}
