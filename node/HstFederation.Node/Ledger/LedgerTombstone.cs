using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Ledger;

/// <summary>
/// What remains of a purged (or never held) message of <see cref="Sender"/> (tombstones): why, by which order (null:
/// this node's own retention sweeper), the outcome confirmed and when. <see cref="Box"/> is null when it was never held.
/// </summary>
internal sealed record LedgerTombstone(
    string Sender, string Cause, byte[]? OrderId, LifecycleOutcome Outcome, long PurgedAtMs, MessageBox? Box, long? LocalId);
