using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>
/// One party's queue: deliveries not yet acknowledged (envelopes addressed to it and relayed receipts for
/// envelopes it sent), when the oldest of their messages was accepted (null when none wait), and how many
/// messages the party has sent that the hub accepted. Times are Unix milliseconds.
/// </summary>
internal sealed record MemberQueueStats(PartyId Party, long Undelivered, long? OldestUndeliveredAcceptedAtMs, long Accepted)
{
    public override string ToString() => $"{Party}: {Undelivered} undelivered, {Accepted} accepted";
}
