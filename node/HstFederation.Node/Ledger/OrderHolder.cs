using HstFederation.Protocol.V1;

namespace HstFederation.Node.Ledger;

/// <summary>A holder an issued order was queued for, and its signed confirmation once relayed (null: outstanding).</summary>
internal sealed record OrderHolder(string Holder, LifecycleOutcome? Outcome, long? ConfirmedAtMs);
