namespace HstFederation.Hub.Storage;

/// <summary>
/// A stored member envelope created in a product's period, read for the product builders, with the envelopes the hub
/// forwarded of it on releases (each the same envelope plus one signed forward record naming one more reader), and the
/// handling in force (<c>message_lifecycle.handling</c>: the signed header's as restrictions left it; null when the
/// message has no lifecycle row, accepted before migration 5 and never ordered, so its header's).
/// </summary>
internal sealed record StoredSource(
    long HubSequence, string Sender, byte[] MessageId, long CreatedAtMs, byte[] Envelope, IReadOnlyList<byte[]> Forwarded, Protocol.V1.Handling? Handling);
