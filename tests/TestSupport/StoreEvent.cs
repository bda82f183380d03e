using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>One change in the store's history (objects are immutable snapshots; clone before editing).</summary>
internal sealed record StoreEvent(long ResourceVersion, string StorageKey, string Type, JsonObject Object,
    JsonObject? Previous);
