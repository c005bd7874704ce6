using HstFederation.Hub.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Lifecycle;

/// <summary>
/// A restriction's effect on the envelopes the hub forwarded on releases (docs/lifecycle.md §3, §7): a forwarded envelope
/// is that holder's copy, encrypted to it alone, so once the restriction no longer lets it keep the message
/// (<see cref="LifecycleRules.MayKeep"/>) nobody may hold that ciphertext, the hub included. Its bytes are emptied as a
/// recall empties them (<see cref="HubCopies.Purge"/>), and its envelope delivery withdrawn, acknowledged or not: a
/// holder resuming from an older cursor is streamed acknowledged deliveries again, and must not be sent an empty one.
/// The forward row stays, with what the ledger shows of it (time, releaser, hit, consent grant time). The hub's own copy
/// of the message is not touched: a restriction never changes whether the hub may read.
/// </summary>
internal static class RestrictedForwards
{
    public static void Purge(WriteContext context, long hubSequence, Handling effective, HandlingPolicy policy)
    {
        var connection = context.Connection;
        var forwards = connection.Query(
            "SELECT forward_id, recipient FROM forwards WHERE hub_sequence = $hub AND length(envelope) > 0;",
            reader =>
            {
                var rows = new List<(long ForwardId, PartyId Recipient)>();
                while (reader.Read())
                {
                    rows.Add((reader.GetInt64(0), PartyId.Parse(reader.GetString(1))));
                }

                return rows;
            },
            ("$hub", hubSequence));
        foreach (var (forwardId, recipient) in forwards)
        {
            if (LifecycleRules.MayKeep(effective, recipient, forwardedCopy: true, policy))
            {
                continue;
            }

            connection.Execute("UPDATE forwards SET envelope = X'' WHERE forward_id = $forward;", ("$forward", forwardId));

            // Through deliveries_envelope_once (hub_sequence, recipient): forward_id has no index of its own.
            connection.Execute(
                """
                UPDATE deliveries SET withdrawn_at_ms = $now
                WHERE recipient = $recipient AND hub_sequence = $hub AND kind = 1 AND forward_id = $forward AND withdrawn_at_ms IS NULL;
                """,
                ("$now", context.NowMs),
                ("$recipient", recipient.Uri),
                ("$hub", hubSequence),
                ("$forward", forwardId));
            context.Purged();
        }
    }
}
