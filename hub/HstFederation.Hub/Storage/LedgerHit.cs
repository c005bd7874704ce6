using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>
/// A hit the message is part of, with the other message (<paramref name="OtherHubSequence"/>, its source and id) and the
/// sources the hub notified of it (<paramref name="Notified"/>, in code order).
/// </summary>
internal sealed record LedgerHit(
    byte[] HitId, MatchKind Kind, double Score, long DetectedAtMs, long OtherHubSequence, PartyId OtherSource, byte[] OtherMessageId,
    IReadOnlyList<PartyId> Notified);
