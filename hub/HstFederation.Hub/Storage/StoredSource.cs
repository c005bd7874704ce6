namespace HstFederation.Hub.Storage;

/// <summary>
/// A stored member envelope created in a product's period, read for the product builders, with the envelopes the hub
/// forwarded of it on releases (each the same envelope plus one signed forward record naming one more reader).
/// </summary>
internal sealed record StoredSource(long HubSequence, string Sender, byte[] MessageId, long CreatedAtMs, byte[] Envelope, IReadOnlyList<byte[]> Forwarded);
