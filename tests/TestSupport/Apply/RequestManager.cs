using System.Text;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport.Apply;

/// <summary>
/// The field manager of a write: <c>?fieldManager=</c>, else the User-Agent's product (the part before the first
/// <c>/</c>, printable characters, at most 128), as k8s.io/apiserver/pkg/endpoints/handlers/rest.go
/// managerOrUserAgent does.
/// </summary>
internal static class RequestManager
{
    private const int MaxLength = 128;

    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manager = context.Request.Query["fieldManager"].ToString();
        if (manager.Length > 0)
        {
            return manager;
        }

        var product = context.Request.Headers.UserAgent.ToString().Split('/')[0];
        var printable = new StringBuilder();
        foreach (var c in product.Where(c => !char.IsControl(c)))
        {
            printable.Append(c);
        }

        var name = printable.ToString();
        return name.Length > MaxLength ? name[..MaxLength] : name;
    }

    /// <summary>Whether <c>?force=true</c> was sent.</summary>
    public static bool Force(HttpContext context) =>
        string.Equals(context.Request.Query["force"].ToString(), "true", StringComparison.OrdinalIgnoreCase);
}
