using HstFederation.Node.Storage;

namespace HstFederation.Node.Ledger;

/// <summary>
/// The message as this node sent it: its outbox row's state, the signed header's handling and lineage
/// (<see cref="Header"/>, null until sealed or once purged), its version and effective handling and retention, every
/// holder this node knows of, this node's releases of it, the orders it issued about it with each holder's
/// confirmation, the orders the hub issued about it (the expiry) with the confirmations relayed, and the retention
/// reviews the hub sent about it.
/// </summary>
internal sealed record SentLedger(
    long LocalId,
    long Sequence,
    string Actor,
    long CreatedAtMs,
    OutboxState State,
    long StateAtMs,
    long? HubSequence,
    string? RejectReason,
    LedgerHeader? Header,
    CopyLifecycle Lifecycle,
    IReadOnlyList<SentHolder> Holders,
    IReadOnlyList<LedgerRelease> Releases,
    IReadOnlyList<SentOrder> Orders,
    IReadOnlyList<HubOrder> HubOrders,
    IReadOnlyList<LedgerReview> Reviews);
