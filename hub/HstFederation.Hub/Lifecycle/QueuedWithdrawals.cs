using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Lifecycle;

/// <summary>
/// The step a restriction takes for each kind of delivery still queued about the message (envelopes, hit notifications):
/// read the candidates, judge each recipient against the handling in force, withdraw those it may no longer get, so the
/// stream never sends them (again). A withdrawn delivery of the hub's own message (a hit notification) is announced to its
/// member (<see cref="HubWithdrawals"/>, cause restricted) without naming the restricted message: the restriction now
/// excludes that member, which never acknowledged the notification that named it.
/// </summary>
internal static class QueuedWithdrawals
{
    /// <param name="query">Selects (cursor, recipient, forwarded copy) of the candidate deliveries; <c>$hub</c> is the message.</param>
    /// <param name="mustGo">Whether a recipient (and whether its copy was forwarded) may no longer get its delivery.</param>
    public static void Withdraw(WriteContext context, string query, long hubSequence, Func<PartyId, bool, bool> mustGo)
    {
        var connection = context.Connection;
        var candidates = connection.Query(
            query,
            reader =>
            {
                var rows = new List<(long Cursor, PartyId Recipient, bool ForwardedCopy)>();
                while (reader.Read())
                {
                    rows.Add((reader.GetInt64(0), PartyId.Parse(reader.GetString(1)), reader.GetBoolean(2)));
                }

                return rows;
            },
            ("$hub", hubSequence));
        foreach (var (cursor, recipient, forwardedCopy) in candidates)
        {
            if (mustGo(recipient, forwardedCopy))
            {
                HubWithdrawals.Record(context, "d.cursor = $cursor", hubSequence, WithdrawalCause.Restricted, nameBecauseOf: false, ("$cursor", cursor));
                connection.Execute(
                    "UPDATE deliveries SET withdrawn_at_ms = $now WHERE cursor = $cursor;",
                    ("$now", context.NowMs),
                    ("$cursor", cursor));
            }
        }
    }
}
