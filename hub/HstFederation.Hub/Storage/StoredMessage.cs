using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>An accepted message as stored: its hub sequence, source, id and the canonical envelope bytes the source submitted.</summary>
internal sealed record StoredMessage(long HubSequence, PartyId Sender, byte[] MessageId, byte[] Envelope);
