using System.Text.RegularExpressions;
using ClusterGateway.Gateway.Security;

namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>
/// Which callers a rule applies to (upstream <c>IdentityExchangerSource</c> and <c>matchIdentity</c>): every field
/// that is set must match (AND); a source with no field set matches everyone.
/// </summary>
/// <remarks>
/// <c>user</c>, <c>uid</c>, <c>cluster</c>: exact (ordinal) equality. <c>group</c>: one of the caller's groups.
/// <c>userPattern</c>, <c>clusterPattern</c>: the regular expression matches anywhere in the value (unanchored, like
/// Go's <c>regexp.Match</c>; anchor with <c>^...$</c>). <c>groupPattern</c>: it matches one of the groups. Patterns
/// are compiled at load with <see cref="RegexOptions.NonBacktracking"/> (linear time, RE2's subset: no
/// back-references or look-arounds); upstream ignored an invalid pattern, we reject the rule.
/// </remarks>
/// <param name="User">Exact user name.</param>
/// <param name="Group">A group the caller must be in.</param>
/// <param name="Uid">Exact UID.</param>
/// <param name="Cluster">Exact cluster name.</param>
/// <param name="UserPattern">Pattern on the user name.</param>
/// <param name="GroupPattern">Pattern on any group.</param>
/// <param name="ClusterPattern">Pattern on the cluster name.</param>
internal sealed record IdentitySource(
    string? User = null, string? Group = null, string? Uid = null, string? Cluster = null, Regex? UserPattern = null,
    Regex? GroupPattern = null, Regex? ClusterPattern = null)
{
    /// <summary>Regex options of the patterns.</summary>
    public const RegexOptions PatternOptions = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    /// <summary>Whether the rule applies to <paramref name="user"/> calling <paramref name="cluster"/>.</summary>
    /// <param name="user">The caller.</param>
    /// <param name="cluster">The cluster name.</param>
    /// <returns><see langword="true"/> when every set field matches.</returns>
    public bool Matches(KubeUser user, string cluster) =>
        (User is null || string.Equals(User, user.Name, StringComparison.Ordinal))
        && (Group is null || user.Groups.Contains(Group, StringComparer.Ordinal))
        && (Uid is null || string.Equals(Uid, user.Uid ?? "", StringComparison.Ordinal))
        && (Cluster is null || string.Equals(Cluster, cluster, StringComparison.Ordinal))
        && (UserPattern is null || UserPattern.IsMatch(user.Name))
        && (GroupPattern is null || user.Groups.Any(GroupPattern.IsMatch))
        && (ClusterPattern is null || ClusterPattern.IsMatch(cluster));
}
