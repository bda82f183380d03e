using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// A per-cluster position carried in one opaque string: the merged <c>resourceVersion</c> of a fan-out list or watch
/// event, and the fan-out <c>continue</c> token. Clients must treat both as opaque
/// (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions); the gateway decodes them again
/// to resume each cluster where it was.
/// </summary>
/// <remarks>
/// Shape: <c>cg1.</c> followed by base64url (no padding) of a JSON object mapping cluster name to that cluster's
/// value, keys sorted ordinally, e.g. <c>{"c1":"1200","c2":"877"}</c>. A missing cluster has no position (a new
/// member starts from its current state). Decoding is strict: anything else is not a vector (callers answer 400 or
/// 410 as the Kubernetes API does for a malformed or expired token).
/// </remarks>
internal static class ClusterVector
{
    /// <summary>The prefix of every encoded vector.</summary>
    public const string Prefix = "cg1.";

    /// <summary>
    /// Longest token accepted, in characters; a token is caller input. Half the request line the gateway accepts
    /// (<see cref="Hosting.GatewayApp.MaxHeaderBytes"/>): about fifteen thousand clusters' positions.
    /// </summary>
    public const int MaxLength = 512 * 1024;

    /// <summary>Encodes a per-cluster map.</summary>
    /// <param name="positions">Cluster name → opaque per-cluster value (a resourceVersion or continue token).</param>
    /// <returns>The token.</returns>
    public static string Encode(IReadOnlyDictionary<string, string> positions)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var name in positions.Keys.Order(StringComparer.Ordinal))
            {
                writer.WriteString(name, positions[name]);
            }

            writer.WriteEndObject();
        }

        return Prefix + Base64Url.EncodeToString(buffer.WrittenSpan);
    }

    /// <summary>Decodes a token made by <see cref="Encode"/>.</summary>
    /// <param name="token">Caller input.</param>
    /// <param name="positions">Cluster name → value, ordinal keys.</param>
    /// <returns>Whether the token is a well-formed vector.</returns>
    public static bool TryDecode(string? token, [NotNullWhen(true)] out Dictionary<string, string>? positions)
    {
        positions = null;
        if (token is null || token.Length > MaxLength || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        byte[] json;
        try
        {
            json = Base64Url.DecodeFromChars(token.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 2 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (!reader.Read() || reader.TokenType != JsonTokenType.String || !result.TryAdd(name, reader.GetString()!))
                {
                    return false;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return false;
            }

            positions = result;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Whether a value looks like a vector (so it must not be forwarded to one cluster as it is).</summary>
    /// <param name="value">A resourceVersion or continue value.</param>
    /// <returns>True when it starts with <see cref="Prefix"/>.</returns>
    public static bool IsVector(string? value) => value?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <summary>The annotation every fan-out item and event object carries: the cluster it came from.</summary>
    public const string ClusterNameAnnotation = "cluster.core.oam.dev/cluster-name";

}
