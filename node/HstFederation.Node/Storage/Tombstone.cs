using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>What remains of a purged or never held message: who sent it, why it went, and the order as evidence (null: this node's own sweep).</summary>
internal sealed record Tombstone(string Sender, byte[] MessageId, string Cause, LifecycleOutcome Outcome, long PurgedAtMs, byte[]? OrderStatement);
