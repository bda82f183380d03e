using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport.Rbac;

/// <summary>What kube-apiserver's RequestInfo adds for authorization (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go).</summary>
internal static class RequestAttributes
{
    /// <summary>
    /// A list or watch with <c>fieldSelector=metadata.name=X</c> is authorized as a request for the object X, so a rule
    /// with resourceNames can allow watching one object.
    /// </summary>
    public static string? Name(HttpContext context, string verb, string? name)
    {
        if (name is not null || verb is not ("list" or "watch"))
        {
            return name;
        }

        foreach (var term in context.Request.Query["fieldSelector"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var value = term.StartsWith("metadata.name==", StringComparison.Ordinal) ? term["metadata.name==".Length..]
                : term.StartsWith("metadata.name=", StringComparison.Ordinal) ? term["metadata.name=".Length..]
                : null;
            if (value is { Length: > 0 } && value is not ("." or "..") && !value.Contains('/', StringComparison.Ordinal) &&
                !value.Contains('%', StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The identity the pipeline authorized the request as (set by the request pipeline).</summary>
    public static FakeUser? User(HttpContext context) => context.Items[typeof(FakeUser)] as FakeUser;

    public static void SetUser(HttpContext context, FakeUser user) => context.Items[typeof(FakeUser)] = user;
}
