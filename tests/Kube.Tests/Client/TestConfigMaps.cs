using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.Kube.Tests.Client;

/// <summary>ConfigMaps for client and informer tests.</summary>
public static class TestConfigMaps
{
    public static ConfigMap Create(string ns, string name, string value = "v", Dictionary<string, string>? labels = null) =>
        new()
        {
            Metadata = new ObjectMeta { Namespace = ns, Name = name, Labels = labels },
            Data = new() { ["key"] = value },
        };
}
