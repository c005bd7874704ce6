using HstFederation.Node.Storage;

namespace HstFederation.Node.Ledger;

/// <summary>
/// The message as this node sent it: its outbox row's state, the signed header's handling and lineage
/// (<see cref="Header"/>, null until sealed), every holder this node knows of, and this node's releases of it.
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
    IReadOnlyList<SentHolder> Holders,
    IReadOnlyList<LedgerRelease> Releases);
