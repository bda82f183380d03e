namespace ClusterGateway.TestSupport.Charts;

/// <summary>
/// A ClusterGatewayConfiguration the chart's CRD refuses (an <c>egress.type</c> outside its enum), and what
/// <c>kubectl apply</c> prints for it: the fake hub's CRD validation claims kube-apiserver's exact refusal, and the K3s
/// lane checks the claim against a real apiserver with the same case.
/// </summary>
public static class InvalidConfiguration
{
    /// <summary>The manifest (YAML).</summary>
    public const string Yaml = """
        apiVersion: proxy.open-cluster-management.io/v1alpha1
        kind: ClusterGatewayConfiguration
        metadata: {name: cluster-gateway}
        spec:
          image: oamdev/cluster-gateway:v1.1.6.ocm
          installNamespace: open-cluster-management-cluster-gateway
          secretNamespace: open-cluster-management-credentials
          egress: {type: Foo}
        """;

    /// <summary>The same manifest made valid (<c>egress.type: Direct</c>).</summary>
    public static string Valid => Yaml.Replace("type: Foo", "type: Direct", StringComparison.Ordinal);

    /// <summary>The field error kube-apiserver reports (a 422 <c>Invalid</c> Status).</summary>
    public const string FieldError = "spec.egress.type: Unsupported value: \"Foo\": supported values: \"Direct\", \"ClusterProxy\"";
}
