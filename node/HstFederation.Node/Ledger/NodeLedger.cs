using HstFederation.Node.Audit;
using HstFederation.Storage.Audit;

namespace HstFederation.Node.Ledger;

/// <summary>
/// Everything this node knows about who holds one message and what happened to it, read from its own rows in one
/// snapshot (docs/lifecycle.md §6): the copy it sent (<see cref="Sent"/>), the copies it received (<see cref="Received"/>:
/// a message id is unique per sender only), the orders it received about the message as a holder and the confirmations
/// it signed, the tombstones left by purges, and the audit entries about the message in log order. Never content.
/// </summary>
internal sealed record NodeLedger(
    byte[] MessageId,
    SentLedger? Sent,
    IReadOnlyList<ReceivedLedger> Received,
    IReadOnlyList<ReceivedOrder> OrdersReceived,
    IReadOnlyList<LedgerTombstone> Tombstones,
    IReadOnlyList<AuditEntry> Audit)
{
    public bool IsFound => Sent is not null || Received.Count > 0 || Tombstones.Count > 0;

    /// <summary>This node's reads of the message's content (`show`, the agency API's GetMessage, exports), from the audit log.</summary>
    public IReadOnlyList<AuditEntry> Reads => [.. Audit.Where(entry => entry.Action is NodeAuditActions.Read or NodeAuditActions.Export)];
}
