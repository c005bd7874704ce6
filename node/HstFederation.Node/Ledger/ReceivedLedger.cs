using HstFederation.Node.Commands;

namespace HstFederation.Node.Ledger;

/// <summary>
/// A copy of the message this node received: from whom, when, under which signed handling and lineage
/// (<see cref="Header"/>; null once purged), its version, effective handling and retention
/// (<see cref="Lifecycle"/>), and the hub's forwards it came through (verified before it was stored).
/// </summary>
internal sealed record ReceivedLedger(
    long LocalId,
    string Sender,
    long Sequence,
    long ReceivedAtMs,
    string ContentType,
    LedgerHeader? Header,
    CopyLifecycle Lifecycle,
    IReadOnlyList<ForwardReport> Forwards);
