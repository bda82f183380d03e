using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Kube.Controllers;

/// <summary>
/// Owner references for garbage collection, as controller-runtime <c>controllerutil.SetControllerReference</c> /
/// <c>SetOwnerReference</c>: a reference is identified by owner API group, kind and name; at most one may be the controller.
/// </summary>
public static class OwnerReferences
{
    /// <summary>
    /// The reference JSON: <c>{apiVersion, kind, name, uid, controller?, blockOwnerDeletion?}</c> (the latter two only when
    /// <paramref name="controller"/>).
    /// </summary>
    /// <param name="owner">Owner with <c>apiVersion</c>, <c>kind</c>, <c>metadata.name</c> and <c>metadata.uid</c> (as read from the server).</param>
    /// <param name="controller">Mark as the managing controller (sets <c>controller</c> and <c>blockOwnerDeletion</c>).</param>
    /// <returns>A new JSON object, e.g. for untyped children's <c>metadata.ownerReferences</c>.</returns>
    /// <exception cref="ArgumentException">The owner lacks one of the required fields.</exception>
    public static JsonObject Create(IKubernetesObject owner, bool controller = true)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var reference = new JsonObject
        {
            ["apiVersion"] = Required(owner.ApiVersion, "apiVersion"),
            ["kind"] = Required(owner.Kind, "kind"),
            ["name"] = Required(owner.Metadata.Name, "metadata.name"),
            ["uid"] = Required(owner.Metadata.Uid, "metadata.uid"),
        };
        if (controller)
        {
            reference["controller"] = true;
            reference["blockOwnerDeletion"] = true;
        }

        return reference;
    }

    /// <summary>Adds or replaces <paramref name="owner"/>'s reference in <paramref name="child"/>'s metadata.</summary>
    /// <param name="child">The owned object (cluster-scoped owners may own namespaced children, not the reverse).</param>
    /// <param name="owner">The owner, as read from the server.</param>
    /// <param name="controller">Make it the controller reference.</param>
    /// <exception cref="InvalidOperationException">Another object is already the controller.</exception>
    public static void Set(IKubernetesObject child, IKubernetesObject owner, bool controller = true)
    {
        ArgumentNullException.ThrowIfNull(child);
        var reference = Create(owner, controller);
        var list = child.Metadata.OwnerReferences ??= [];
        var index = list.FindIndex(r => SameOwner(r, reference));
        if (controller && list.Where((r, i) => i != index).Any(IsController))
        {
            throw new InvalidOperationException(
                $"{child.Kind} {child.Metadata.Name} already has a controller other than {owner.Kind} {owner.Metadata.Name}.");
        }

        var element = JsonSerializer.SerializeToElement(reference);
        if (index >= 0)
        {
            list[index] = element;
        }
        else
        {
            list.Add(element);
        }
    }

    /// <summary>Whether <paramref name="child"/> lists <paramref name="owner"/> (by group, kind, name) as its controller.</summary>
    /// <param name="child">The owned object.</param>
    /// <param name="owner">The owner.</param>
    /// <returns><see langword="true"/> when controlled by it.</returns>
    public static bool IsControlledBy(IKubernetesObject child, IKubernetesObject owner)
    {
        ArgumentNullException.ThrowIfNull(child);
        var reference = Create(owner, controller: false);
        return child.Metadata.OwnerReferences?.Any(r => IsController(r) && SameOwner(r, reference)) == true;
    }

    private static bool IsController(JsonElement reference) =>
        reference.TryGetProperty("controller", out var c) && c.ValueKind == JsonValueKind.True;

    private static bool SameOwner(JsonElement existing, JsonObject reference) =>
        string.Equals(Group(Get(existing, "apiVersion")), Group(reference["apiVersion"]!.GetValue<string>()), StringComparison.Ordinal) &&
        string.Equals(Get(existing, "kind"), reference["kind"]!.GetValue<string>(), StringComparison.Ordinal) &&
        string.Equals(Get(existing, "name"), reference["name"]!.GetValue<string>(), StringComparison.Ordinal);

    private static string? Get(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Group(string? apiVersion) =>
        apiVersion is null ? "" : apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    private static string Required(string? value, string field) =>
        string.IsNullOrEmpty(value) ? throw new ArgumentException($"The owner's {field} is required.", nameof(value)) : value;
}
