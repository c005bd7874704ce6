namespace HstFederation.Hub.Storage;

internal sealed partial record MessageLedger
{
    /// <summary>The lifecycle section (docs/lifecycle.md §6): versions, state, orders and their holders; null for a message without lifecycle row.</summary>
    public LedgerLifecycle? Lifecycle { get; init; }

    /// <summary>When a recall or expiry withdrew the envelope delivery at <paramref name="cursor"/>, if it did.</summary>
    public long? WithdrawnAtMs(long cursor) => Lifecycle?.Withdrawn.FirstOrDefault(w => w.Cursor == cursor)?.WithdrawnAtMs;
}
