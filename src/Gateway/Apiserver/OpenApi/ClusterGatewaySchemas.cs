namespace ClusterGateway.Gateway.Apiserver.OpenApi;

/// <summary>
/// The OpenAPI definitions of the ClusterGateway types, the single source of both <c>/openapi/v2</c> and
/// <c>/openapi/v3</c> (v2 form: references are <c>#/definitions/...</c>, a property may carry <c>$ref</c> next to a
/// description; <see cref="OpenApiV3"/> converts). Names are upstream's (<c>com.github.oam-dev.cluster-gateway...</c>,
/// from <c>zz_generated.openapi.go</c>), as are the <c>required</c> lists except X509's (<c>privateKey</c> is withheld from
/// responses by default, see <see cref="ResponseJson"/>); descriptions say what the
/// <c>ClusterGateway.Crds.V1Alpha1</c> XML docs say. A test checks the properties against the C# types' JSON names.
/// </summary>
internal static class ClusterGatewaySchemas
{
    /// <summary>Definition name prefix of the ClusterGateway types.</summary>
    public const string Prefix = "com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.";

    /// <summary>The definitions, keyed by full name.</summary>
    public const string Json = """
    {
      "com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.ClusterGateway": {
        "description": "ClusterGateway is a virtual, read-only, cluster-scoped object that describes how the gateway reaches one managed cluster. It is built from a Secret in the gateway's secret namespace (optionally merged with an OCM ManagedCluster) and never stored. Its labels are the Secret's labels. The credential's secrets (serviceAccountToken, x509.privateKey, a proxy-url password) are withheld from responses unless the gateway runs with --feature-gates=ExposeClusterCredentials=true; credential.type is always shown.",
        "type": "object",
        "properties": {
          "apiVersion": { "description": "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources", "type": "string" },
          "kind": { "description": "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds", "type": "string" },
          "metadata": { "description": "Standard object's metadata: name, uid, creationTimestamp and labels of the cluster's Secret; resourceVersion of the gateway's last change of the cluster (in hub mode the Secret's). More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata", "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
          "spec": { "description": "How to reach the cluster: its endpoint and the credential the gateway presents.", "$ref": "#/definitions/com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.ClusterGatewaySpec" },
          "status": { "description": "Health as last reported through the health subresource.", "$ref": "#/definitions/com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.ClusterGatewayStatus" }
        },
        "x-kubernetes-group-version-kind": [ { "group": "cluster.core.oam.dev", "kind": "ClusterGateway", "version": "v1alpha1" } ]
      },
      "com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.ClusterGatewayList": {
        "description": "ClusterGatewayList is a list of ClusterGateways: the valid clusters, sorted by name.",
        "type": "object",
        "required": [ "items" ],
        "properties": {
          "apiVersion": { "description": "APIVersion defines the versioned schema of this representation of an object. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources", "type": "string" },
          "items": { "description": "The clusters.", "type": "array", "items": { "$ref": "#/definitions/com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.ClusterGateway" } },
          "kind": { "description": "Kind is a string value representing the REST resource this object represents. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds", "type": "string" },
          "metadata": { "description": "Standard list metadata; resourceVersion is where a following watch starts. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds", "$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta" }
        },
        "x-kubernetes-group-version-kind": [ { "group": "cluster.core.oam.dev", "kind": "ClusterGatewayList", "version": "v1alpha1" } ]
      },
      "com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.ClusterGatewaySpec": {
        "description": "ClusterGatewaySpec describes how to reach a cluster.",
        "type": "object",
        "required": [ "provider", "access" ],
        "properties": {
          "access": { "description": "Endpoint and credential of the cluster.", "$ref": "#/definitions/com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.ClusterAccess" },
          "provider": { "description": "Cluster provider. Never filled by the Secret conversion (always empty), as upstream.", "type": "string" }
        }
      },
      "com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.ClusterAccess": {
        "description": "ClusterAccess says where the cluster is and how to authenticate to it.",
        "type": "object",
        "required": [ "endpoint" ],
        "properties": {
          "credential": { "description": "The credential presented to the cluster; absent when none.", "$ref": "#/definitions/com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.ClusterAccessCredential" },
          "endpoint": { "description": "Where the cluster's API server is.", "$ref": "#/definitions/com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.ClusterEndpoint" }
        }
      },
      "com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.ClusterEndpoint": {
        "description": "ClusterEndpoint is where the cluster's API server is: a union discriminated by type (Secret label cluster.core.oam.dev/cluster-endpoint-type).",
        "type": "object",
        "required": [ "type" ],
        "properties": {
          "const": { "description": "The fixed endpoint; set only for type Const.", "$ref": "#/definitions/com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.ClusterEndpointConst" },
          "type": { "description": "Const (a fixed URL, the default) or ClusterProxy (an OCM cluster-proxy tunnel to <cluster-name>:443).", "type": "string", "enum": [ "Const", "ClusterProxy" ] }
        }
      },
      "com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.ClusterEndpointConst": {
        "description": "ClusterEndpointConst is a fixed API server endpoint.",
        "type": "object",
        "required": [ "address" ],
        "properties": {
          "address": { "description": "API server URL, e.g. https://10.0.0.1:6443 (Secret data key endpoint); a path prefix is kept when proxying.", "type": "string" },
          "caBundle": { "description": "PEM CA bundle the cluster's serving certificate is verified against (Secret data key ca.crt, else ca; base64 in JSON). Absent: the system trust roots.", "type": "string", "format": "byte" },
          "insecure": { "description": "Skip TLS verification of the cluster: an explicit opt-in only (Secret data key insecure-skip-tls-verify).", "type": "boolean" },
          "proxy-url": { "description": "HTTP, HTTPS or SOCKS5 proxy used to reach the cluster (Secret data key proxy-url). Note the hyphenated JSON name, as upstream. A password in it reads xxxxx unless the gateway runs with --feature-gates=ExposeClusterCredentials=true.", "type": "string" },
          "tls-server-name": { "description": "The name the cluster's serving certificate is verified against instead of the address host (Secret data key tls-server-name, like kubeconfig's tls-server-name). An extension of this gateway.", "type": "string" }
        }
      },
      "com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.ClusterAccessCredential": {
        "description": "ClusterAccessCredential is the credential presented to the cluster: a union discriminated by type (Secret label cluster.core.oam.dev/cluster-credential-type).",
        "type": "object",
        "required": [ "type" ],
        "properties": {
          "serviceAccountToken": { "description": "Bearer token, for type ServiceAccountToken (Secret data key token). Absent from responses unless the gateway runs with --feature-gates=ExposeClusterCredentials=true.", "type": "string" },
          "type": { "description": "ServiceAccountToken (a bearer token), X509Certificate (a client certificate) or Dynamic (a client-go exec credential plugin from the Secret's exec key; it is kept in memory and not shown).", "type": "string", "enum": [ "ServiceAccountToken", "X509Certificate", "Dynamic" ] },
          "x509": { "description": "Client certificate and key, for type X509Certificate.", "$ref": "#/definitions/com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.X509" }
        }
      },
      "com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.X509": {
        "description": "X509 is a PEM client certificate and its key.",
        "type": "object",
        "required": [ "certificate" ],
        "properties": {
          "certificate": { "description": "PEM client certificate chain (Secret data key tls.crt; base64 in JSON).", "type": "string", "format": "byte" },
          "privateKey": { "description": "PEM private key (Secret data key tls.key; base64 in JSON). Absent from responses unless the gateway runs with --feature-gates=ExposeClusterCredentials=true.", "type": "string", "format": "byte" }
        }
      },
      "com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.ClusterGatewayStatus": {
        "description": "ClusterGatewayStatus is the cluster's health, kept in the Secret's annotations status.cluster.core.oam.dev/healthy and status.cluster.core.oam.dev/healthy-reason (read when the HealthinessCheck feature gate is on).",
        "type": "object",
        "required": [ "healthy" ],
        "properties": {
          "healthy": { "description": "Whether the cluster was last seen healthy; false when unknown (upstream default).", "type": "boolean" },
          "healthyReason": { "description": "Why the cluster is (un)healthy, e.g. ConnectionTimeout.", "type": "string" }
        }
      }
    }
    """;
}
