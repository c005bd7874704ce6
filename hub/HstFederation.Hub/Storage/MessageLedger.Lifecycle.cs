namespace HstFederation.Hub.Storage;

internal sealed partial record MessageLedger
{
    /// <summary>The lifecycle section (docs/lifecycle.md §6): versions, state, orders and their holders; null for a message without lifecycle row.</summary>
    public LedgerLifecycle? Lifecycle { get; init; }
}
