namespace HstFederation.Hub.Storage;

/// <summary>A stored member envelope created in a product's period, read for the product builders.</summary>
internal sealed record StoredSource(long HubSequence, string Sender, byte[] MessageId, long CreatedAtMs, byte[] Envelope);
