using System.Globalization;
using Google.Protobuf;
using WriteContext = HstFederation.Hub.Storage.WriteContext;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Outbound;

/// <summary>
/// Queues the <see cref="HubWithdrawal"/>s a write owes (docs/intelligence.md, Withdrawals): every delivery of the hub's
/// own message the write withdrew (<see cref="WriteContext.TakeWithdrawnHubDeliveries"/>) is named to its member, one
/// notice per member per write — several only when the entries would not fit one envelope, since a withdrawal is never
/// truncated. Through <see cref="HubOutbound"/> in the caller's transaction, so the numbers are gapless, a member offline
/// gets it on return, and the withdrawal and its notice commit or roll back together. Each notice is audited
/// <c>hub-withdrawal</c> under the causing message's id, where its ledger shows it.
/// </summary>
internal static class HubWithdrawalNotices
{
    /// <summary>The envelope's content limit, less room for the hub's handling of it (as a product's, <c>ProductSize</c>).</summary>
    public static int Budget { get; } = EnvelopeLimits.Default.MaxContentBytes - 4096;

    /// <summary>In the write that withdrew them; returns the notices stored (none for a member that cannot receive).</summary>
    public static IReadOnlyList<OutboundMessage> Send(WriteContext context, HubOutbound outbound)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(outbound);
        var sent = new List<OutboundMessage>();
        foreach (var member in context.TakeWithdrawnHubDeliveries().GroupBy(withdrawn => withdrawn.Recipient))
        {
            foreach (var notice in Split(member.ToList(), Budget))
            {
                var stored = outbound.Enqueue(context, member.Key, new HubWithdrawal { Withdrawn = { notice.Select(withdrawn => withdrawn.Entry) } });
                Audit(context, member.Key, notice, stored);
                if (stored is not null)
                {
                    sent.Add(stored);
                }
            }
        }

        return sent;
    }

    /// <summary>Consecutive runs of <paramref name="entries"/> whose <see cref="HubWithdrawal"/> stays within <paramref name="budget"/> bytes.</summary>
    public static List<List<WithdrawnHubDelivery>> Split(IReadOnlyList<WithdrawnHubDelivery> entries, int budget)
    {
        var notices = new List<List<WithdrawnHubDelivery>>();
        var size = 0;
        foreach (var withdrawn in entries)
        {
            // Field 1, length-delimited: one tag byte and the entry's length prefix, as HubWithdrawal.CalculateSize counts it.
            var entrySize = 1 + CodedOutputStream.ComputeMessageSize(withdrawn.Entry);
            if (notices.Count == 0 || size + entrySize > budget)
            {
                notices.Add([]);
                size = 0;
            }

            notices[^1].Add(withdrawn);
            size += entrySize;
        }

        return notices;
    }

    private static void Audit(WriteContext context, PartyId member, List<WithdrawnHubDelivery> notice, OutboundMessage? stored)
    {
        foreach (var cause in notice.GroupBy(withdrawn => withdrawn.BecauseOfHubSequence))
        {
            var first = cause.First();
            HubAudit.Append(
                context.Connection, context.NowMs, PartyId.Hub.Uri, AuditActions.HubWithdrawal, first.BecauseOfMessageId,
                $"hub_sequence={Number(cause.Key)} to={member.Uri} cause={first.Entry.Cause.ToString().ToLowerInvariant()} withdrawn={Number(cause.Count())} " +
                $"messages={string.Join(",", cause.Select(withdrawn => Number(withdrawn.HubSequence)))} " +
                (stored is null ? "undeliverable" : "notice_hub_sequence=" + Number(stored.HubSequence)));
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
