using ClusterGateway.Kube.Models;

namespace ClusterGateway.Kube.Controllers;

/// <summary>
/// Finalizer list edits on a model's metadata (controller-runtime <c>controllerutil.AddFinalizer</c> /
/// <c>RemoveFinalizer</c>); persist the object afterwards when they return <see langword="true"/>.
/// </summary>
public static class Finalizers
{
    /// <summary>Whether <paramref name="obj"/> carries <paramref name="finalizer"/>.</summary>
    /// <param name="obj">Object.</param>
    /// <param name="finalizer">Finalizer, e.g. <c>proxy.open-cluster-management.io/cleanup</c>.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public static bool Contains(IKubernetesObject obj, string finalizer)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Metadata.Finalizers?.Contains(finalizer, StringComparer.Ordinal) == true;
    }

    /// <summary>Adds <paramref name="finalizer"/> unless present.</summary>
    /// <param name="obj">Object.</param>
    /// <param name="finalizer">Finalizer.</param>
    /// <returns><see langword="true"/> when the list changed.</returns>
    public static bool Add(IKubernetesObject obj, string finalizer)
    {
        if (Contains(obj, finalizer))
        {
            return false;
        }

        (obj.Metadata.Finalizers ??= []).Add(finalizer);
        return true;
    }

    /// <summary>Removes every occurrence of <paramref name="finalizer"/>.</summary>
    /// <param name="obj">Object.</param>
    /// <param name="finalizer">Finalizer.</param>
    /// <returns><see langword="true"/> when the list changed.</returns>
    public static bool Remove(IKubernetesObject obj, string finalizer)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Metadata.Finalizers?.RemoveAll(f => string.Equals(f, finalizer, StringComparison.Ordinal)) > 0;
    }
}
