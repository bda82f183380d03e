using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// A serialized document with its hash, for responses with <c>ETag</c> (discovery, OpenAPI). The hash is the
/// upper-case hex SHA-512 of the body, as kube-apiserver computes it (apiserver
/// <c>pkg/endpoints/discovery/aggregated/etag.go</c> <c>calculateETag</c>).
/// </summary>
/// <param name="Body">UTF-8 JSON (or another encoding).</param>
/// <param name="Hash">Hash of <paramref name="Body"/>.</param>
internal sealed record CachedDocument(byte[] Body, string Hash)
{
    /// <summary>The quoted <c>ETag</c> value, <c>"&lt;hash&gt;"</c>.</summary>
    public string ETag => $"\"{Hash}\"";

    /// <summary>Serializes <paramref name="document"/> compactly.</summary>
    /// <param name="document">The document.</param>
    /// <returns>The cached document.</returns>
    public static CachedDocument FromJson(JsonNode document) =>
        FromBytes(JsonSerializer.SerializeToUtf8Bytes(document));

    /// <summary>Wraps already encoded bytes.</summary>
    /// <param name="body">The body.</param>
    /// <returns>The cached document.</returns>
    public static CachedDocument FromBytes(byte[] body) => new(body, Convert.ToHexString(SHA512.HashData(body)));

    /// <summary>Whether <c>If-None-Match</c> names this document's ETag (a list, <c>*</c> and weak tags count).</summary>
    /// <param name="ifNoneMatch">The header values.</param>
    /// <returns>True when the client's copy is current.</returns>
    public bool IsMatchedBy(IEnumerable<string?> ifNoneMatch) => ifNoneMatch
        .SelectMany(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        .Any(tag => tag == "*" || tag == ETag || tag == "W/" + ETag);
}
