namespace HstFederation.Hub.Storage;

internal sealed partial record MessageLedger
{
    /// <summary>The retention section (docs/lifecycle.md §5); null for a message without lifecycle row, review or retention order.</summary>
    public LedgerRetention? Retention { get; init; }
}
