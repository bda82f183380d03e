using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>The outcome of a store write: the resulting object and the event type (null: nothing changed).</summary>
internal sealed record WriteResult(JsonObject? Object, string? EventType);
