using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>A retention review the source was asked and has not answered, about a message still held. <paramref name="Delivered"/>: false when the source could not receive it.</summary>
internal sealed record PendingReview(long HubSequence, PartyId Source, byte[] MessageId, long RetainUntilMs, long RequestedAtMs, bool Delivered);
