using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>
/// One member's copy: its envelope delivery (<paramref name="Cursor"/>), acknowledged or pending. <paramref name="ReceiptHeld"/>:
/// the hub stores the member's signed delivery receipt (every acknowledged envelope has one). <paramref name="RelayCursor"/>
/// and <paramref name="RelayAcknowledgedAtMs"/>: the receipt's relay to the source and when the source acknowledged it (none
/// for the hub's own messages). <paramref name="Forward"/>: set for a copy added by a release forward, null for an addressee.
/// </summary>
internal sealed record LedgerCopy(
    PartyId Holder,
    long Cursor,
    long? AcknowledgedAtMs,
    bool ReceiptHeld,
    long? RelayCursor,
    long? RelayAcknowledgedAtMs,
    LedgerForward? Forward);
