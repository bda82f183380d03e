using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Schema;

/// <summary>
/// What kube-apiserver does to a custom resource on every API write, after the patch is applied and before it is
/// stored (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation):
/// prune the fields the served version's structural schema does not declare, drop non-nullable nulls and fill in
/// defaults, then validate against the schema (<see cref="SchemaValidator"/>) and the list-type invariants
/// (<see cref="ListTypeValidator"/>); any error is a 422 <c>Invalid</c> Status naming the fields
/// (k8s.io/apiextensions-apiserver/pkg/registry/customresource/strategy.go and validator.go).
/// </summary>
/// <remarks>
/// <para>Built-in kinds (<see cref="FakeResource.Schema"/> null) pass unchanged. Objects seeded with
/// <see cref="FakeObjectStore.Put(FakeResource, JsonObject)"/> are not admitted: only writes through HTTP are.</para>
/// <para>Updates ratchet as kube-apiserver does (CRDValidationRatcheting, on by default since 1.30): an error inside a
/// value equal to the stored one is dropped, and the list-type invariants are only checked when the stored object
/// met them.</para>
/// <para>Not done: <c>x-kubernetes-validations</c> (CEL rules) are not evaluated; <c>metadata</c> is pruned to the
/// ObjectMeta fields but not validated beyond the name (labels, annotations, and the embedded resources'
/// apiVersion/kind are not checked); formats other than date-time, date, byte and uuid pass; the scale
/// subresource is not served.</para>
/// </remarks>
internal static class CustomResourceAdmission
{
    /// <summary>
    /// Prunes, defaults and validates <paramref name="desired"/> in place and returns it.
    /// <paramref name="current"/> is the stored object on update (null on create).
    /// </summary>
    /// <exception cref="FakeApiException">422 Invalid with one cause per field error.</exception>
    public static JsonObject Admit(FakeResource resource, JsonObject desired, JsonObject? current)
    {
        if (StructuralSchema.For(resource) is not { } schema)
        {
            return desired;
        }

        Prepare(desired, schema);
        JsonObject? old = null;
        if (current is not null)
        {
            old = current.DeepClone().AsObject();
            Prepare(old, schema);
        }

        var errors = SchemaValidator.Validate(desired, schema, old);
        if (old is null || ListTypeValidator.Validate(old, schema).Count == 0)
        {
            errors.AddRange(ListTypeValidator.Validate(desired, schema));
        }

        if (errors.Count > 0)
        {
            throw FakeApiException.Invalid(resource, ObjectMeta.Name(desired) ?? "", errors);
        }

        return desired;
    }

    private static void Prepare(JsonObject obj, StructuralSchema schema)
    {
        SchemaPruner.PruneResource(obj, schema);
        SchemaDefaulter.Apply(obj, schema);
    }
}
