namespace ClusterGateway.Gateway.Apiserver.OpenApi;

/// <summary>
/// The <c>meta.k8s.io/v1</c> definitions the ClusterGateway paths refer to, under kube-apiserver's names
/// (<c>io.k8s.apimachinery.pkg.apis.meta.v1.*</c>), descriptions abridged from apimachinery
/// <c>pkg/apis/meta/v1/types.go</c>. Same v2 form as <see cref="ClusterGatewaySchemas"/>.
/// </summary>
internal static class MetaSchemas
{
    /// <summary>The definitions, keyed by full name.</summary>
    public const string Json = """
    {
      "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {
        "description": "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
        "type": "object",
        "properties": {
          "annotations": { "description": "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations", "type": "object", "additionalProperties": { "type": "string" } },
          "creationTimestamp": { "description": "CreationTimestamp is a timestamp representing the server time when this object was created. For a ClusterGateway: the Secret's.", "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time" },
          "deletionGracePeriodSeconds": { "description": "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system.", "type": "integer", "format": "int64" },
          "deletionTimestamp": { "description": "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted.", "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time" },
          "finalizers": { "description": "Must be empty before the object is deleted from the registry.", "type": "array", "items": { "type": "string" } },
          "generateName": { "description": "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.", "type": "string" },
          "generation": { "description": "A sequence number representing a specific generation of the desired state.", "type": "integer", "format": "int64" },
          "labels": { "description": "Map of string keys and values that can be used to organize and categorize (scope and select) objects. For a ClusterGateway: the Secret's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels", "type": "object", "additionalProperties": { "type": "string" } },
          "managedFields": { "description": "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow.", "type": "array", "items": { "type": "object" } },
          "name": { "description": "Name must be unique within a namespace. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names", "type": "string" },
          "namespace": { "description": "Namespace defines the space within which each name must be unique. Empty for cluster-scoped objects such as ClusterGateway.", "type": "string" },
          "ownerReferences": { "description": "List of objects depended by this object.", "type": "array", "items": { "type": "object" } },
          "resourceVersion": { "description": "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency", "type": "string" },
          "selfLink": { "description": "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.", "type": "string" },
          "uid": { "description": "UID is the unique in time and space value for this object. For a ClusterGateway: the Secret's. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids", "type": "string" }
        }
      },
      "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta": {
        "description": "ListMeta describes metadata that synthetic resources must have, including lists and various status objects.",
        "type": "object",
        "properties": {
          "continue": { "description": "continue may be set if the user set a limit on the number of items returned.", "type": "string" },
          "remainingItemCount": { "description": "remainingItemCount is the number of subsequent items in the list which are not included in this list response.", "type": "integer", "format": "int64" },
          "resourceVersion": { "description": "String that identifies the server's internal version of this object that can be used by clients to determine when objects have changed. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency", "type": "string" },
          "selfLink": { "description": "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.", "type": "string" }
        }
      },
      "io.k8s.apimachinery.pkg.apis.meta.v1.Time": {
        "description": "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON (RFC 3339).",
        "type": "string",
        "format": "date-time"
      },
      "io.k8s.apimachinery.pkg.apis.meta.v1.Patch": {
        "description": "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
        "type": "object"
      },
      "io.k8s.apimachinery.pkg.runtime.RawExtension": {
        "description": "RawExtension is used to hold extensions in external versions.",
        "type": "object"
      },
      "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent": {
        "description": "Event represents a single event to a watched resource.",
        "type": "object",
        "required": [ "type", "object" ],
        "properties": {
          "object": { "description": "Object is: * If Type is Added or Modified: the new state of the object. * If Type is Deleted: the state of the object immediately before deletion. * If Type is Error: *Status is recommended; other types may make sense depending on context.", "$ref": "#/definitions/io.k8s.apimachinery.pkg.runtime.RawExtension" },
          "type": { "type": "string" }
        }
      },
      "io.k8s.apimachinery.pkg.apis.meta.v1.Status": {
        "description": "Status is a return value for calls that don't return other objects.",
        "type": "object",
        "properties": {
          "apiVersion": { "description": "APIVersion defines the versioned schema of this representation of an object.", "type": "string" },
          "code": { "description": "Suggested HTTP return code for this status, 0 if not set.", "type": "integer", "format": "int32" },
          "details": { "description": "Extended data associated with the reason.", "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.StatusDetails" },
          "kind": { "description": "Kind is a string value representing the REST resource this object represents.", "type": "string" },
          "message": { "description": "A human-readable description of the status of this operation.", "type": "string" },
          "metadata": { "description": "Standard list metadata.", "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta" },
          "reason": { "description": "A machine-readable description of why this operation is in the \"Failure\" status.", "type": "string" },
          "status": { "description": "Status of the operation. One of: \"Success\" or \"Failure\".", "type": "string" }
        }
      },
      "io.k8s.apimachinery.pkg.apis.meta.v1.StatusDetails": {
        "description": "StatusDetails is a set of additional properties that MAY be set by the server to provide additional information about a response.",
        "type": "object",
        "properties": {
          "causes": { "description": "The Causes array includes more details associated with the StatusReason failure.", "type": "array", "items": { "type": "object" } },
          "group": { "description": "The group attribute of the resource associated with the status StatusReason.", "type": "string" },
          "kind": { "description": "The kind attribute of the resource associated with the status StatusReason.", "type": "string" },
          "name": { "description": "The name attribute of the resource associated with the status StatusReason.", "type": "string" },
          "retryAfterSeconds": { "description": "If specified, the time in seconds before the operation should be retried.", "type": "integer", "format": "int32" },
          "uid": { "description": "UID of the resource.", "type": "string" }
        }
      }
    }
    """;
}
