namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>
/// A hub delivery row: to whom, of what, whether acknowledged, and which envelope delivery a relay answers (a relayed
/// batch is read as one of these per receipt, <see cref="HubRecords"/>). <see cref="RelayedIn"/>: on an envelope
/// delivery, the relay that carries its receipt.
/// </summary>
internal sealed record HubDelivery(long Cursor, string Recipient, DeliveryKind Kind, MessageKey Message, byte[]? DeliveryReceipt, bool Acknowledged, long? RelaysCursor)
{
    public long? RelayedIn { get; init; }
}
