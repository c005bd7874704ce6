namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>A hub delivery row: to whom, of what, whether acknowledged, and which envelope delivery a relay answers.</summary>
internal sealed record HubDelivery(long Cursor, string Recipient, DeliveryKind Kind, MessageKey Message, byte[]? DeliveryReceipt, bool Acknowledged, long? RelaysCursor);
