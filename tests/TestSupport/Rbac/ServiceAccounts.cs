namespace ClusterGateway.TestSupport.Rbac;

/// <summary>
/// Service-account user names and groups (k8s.io/apiserver/pkg/authentication/serviceaccount/util.go):
/// <c>system:serviceaccount:&lt;namespace&gt;:&lt;name&gt;</c>, in groups <c>system:serviceaccounts</c> and
/// <c>system:serviceaccounts:&lt;namespace&gt;</c>.
/// </summary>
internal static class ServiceAccounts
{
    private const string UserPrefix = "system:serviceaccount:";

    /// <summary>Splits a service-account user name; false for any other user.</summary>
    public static bool TryParse(string user, out string @namespace, out string name)
    {
        (@namespace, name) = (string.Empty, string.Empty);
        if (!user.StartsWith(UserPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = user[UserPrefix.Length..].Split(':');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return false;
        }

        (@namespace, name) = (parts[0], parts[1]);
        return true;
    }

    /// <summary>The groups a service account authenticates with, besides <c>system:authenticated</c> (none for other users).</summary>
    public static IReadOnlyList<string> Groups(string user) =>
        TryParse(user, out var ns, out _) ? ["system:serviceaccounts", $"system:serviceaccounts:{ns}"] : [];

    public static string User(string @namespace, string name) => $"{UserPrefix}{@namespace}:{name}";
}
