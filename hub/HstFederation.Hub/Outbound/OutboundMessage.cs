using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Outbound;

/// <summary>A message the hub authored and stored for one member; it reaches the member through Subscribe like any other.</summary>
/// <param name="Sequence">The hub's per-sender sequence (EnvelopeHeader.sequence).</param>
/// <param name="RecipientSequence">The hub's count of its messages to <paramref name="Recipient"/> (Recipient.sequence).</param>
internal sealed record OutboundMessage(PartyId Recipient, byte[] MessageId, long HubSequence, long Sequence, long RecipientSequence);
