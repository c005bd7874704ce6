using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>What <c>hst-hub stats</c> shows: queues per party, totals, and rejections by reason (from the audit log).</summary>
internal sealed record StoreStats(
    IReadOnlyList<MemberQueueStats> Parties,
    long AcceptedMessages,
    long UndeliveredTotal,
    IReadOnlyDictionary<RejectionReason, long> RejectionsByReason)
{
    public MemberQueueStats? For(Protocol.Identities.PartyId party) => Parties.FirstOrDefault(stats => stats.Party == party);

    public override string ToString() => $"{AcceptedMessages} accepted, {UndeliveredTotal} undelivered";
}
