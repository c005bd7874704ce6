using System.Globalization;
using HstFederation.Node.Audit;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>
/// The hub's withdrawals of its own messages to this NCB (intelligence.proto HubWithdrawal; docs/intelligence.md,
/// "Withdrawals at the node"), inside the writer's transaction that stores the notice as an inbox row. Each named message
/// is recorded in <c>hub_withdrawn</c> (Migration0015) by its number in the hub's count of messages to this node, then:
/// held with the header the hub names, it is purged as a purged hit or product is (envelope and plaintext blanked,
/// purged_at_ms and the cause; its <c>hits</c> or <c>products</c> row stays for the ledger); already purged, only audited;
/// held with another header, left alone and alarmed (<see cref="SequenceAlarm.WithdrawalMismatch"/>: the hub named a copy
/// this node does not hold); never received, its number is no gap (<see cref="Explains"/>) and, should it arrive after
/// all, it is stored without content (<see cref="OnArrival"/>). Gap alarms the withdrawn numbers explain are resolved.
/// </summary>
internal static class HubWithdrawals
{
    /// <summary>Stores the notice; also says whether a copy was purged (the caller then truncates the WAL).</summary>
    public static (StoredReceive Stored, bool Purged) Store(WriteContext context, ReceivedEnvelope item, HubWithdrawal withdrawal, long? cursor)
    {
        var purged = false;
        var stored = InboxTransactions.StoreReceived(context, item, cursor, localId =>
        {
            foreach (var withdrawn in withdrawal.Withdrawn)
            {
                Record(context, localId, withdrawn);
                purged |= Apply(context, item.MessageId, withdrawn.MessageId.ToByteArray(), withdrawn.HeaderSha256.ToByteArray(),
                    withdrawn.ContentType, Cause(withdrawn.Cause), (long)withdrawn.RecipientSequence);
            }

            // Before the notice's own number is checked (after this, in StoreReceived): the notice often reveals the gap it explains.
            Resolve(context, item.MessageId);
        });
        return (stored, purged);
    }

    /// <summary>
    /// A hit notification or product from the hub just stored that a notice already named as
    /// withdrawn (the hub promised never to stream it again; a stream resumed from an old cursor must not, but might): its
    /// content goes at once. Returns whether it was purged.
    /// </summary>
    public static bool OnArrival(WriteContext context, ReceivedEnvelope item)
    {
        if (item.Sender != PartyId.Hub.Uri)
        {
            return false;
        }

        var named = context.Connection.Query(
            """
            SELECT w.header_sha256, w.content_type, w.cause, w.recipient_sequence, n.message_id
            FROM hub_withdrawn w JOIN inbox n ON n.local_id = w.notice_local_id WHERE w.message_id = $id
            ORDER BY w.recipient_sequence LIMIT 1;
            """,
            reader => reader.Read()
                ? (Header: (byte[])reader[0], Type: reader.GetString(1), Cause: reader.GetString(2), Number: reader.GetInt64(3), Notice: (byte[])reader[4])
                : default((byte[] Header, string Type, string Cause, long Number, byte[] Notice)?),
            ("$id", item.MessageId));
        return named is { } w && Apply(context, w.Notice, item.MessageId, w.Header, w.Type, w.Cause, w.Number);
    }

    /// <summary>
    /// Whether every number from <paramref name="from"/> to <paramref name="to"/> in <paramref name="sender"/>'s count of
    /// messages to this node is one the hub withdrew: such a hole is no gap. Only the hub withdraws its messages.
    /// </summary>
    public static bool Explains(WriteContext context, string sender, long from, long to) =>
        sender == PartyId.Hub.Uri && to >= from && Withdrawn(context, from, to) == to - from + 1;

    private static long Withdrawn(WriteContext context, long from, long to) =>
        (long)context.Connection.Scalar(
            "SELECT COUNT(*) FROM hub_withdrawn WHERE recipient_sequence BETWEEN $from AND $to;", ("$from", from), ("$to", to))!;

    private static void Record(WriteContext context, long noticeLocalId, WithdrawnHubMessage withdrawn)
    {
        // The number is the key: a later notice naming it again keeps the first record (and is applied again, to no effect).
        context.Connection.Execute(
            """
            INSERT INTO hub_withdrawn (recipient_sequence, message_id, header_sha256, content_type, cause, because_of_sender,
                                       because_of_message_id, notice_local_id, recorded_at_ms)
            VALUES ($number, $id, $header, $type, $cause, $because_sender, $because_id, $notice, $now)
            ON CONFLICT (recipient_sequence) DO NOTHING;
            """,
            ("$number", (long)withdrawn.RecipientSequence), ("$id", withdrawn.MessageId.ToByteArray()), ("$header", withdrawn.HeaderSha256.ToByteArray()),
            ("$type", withdrawn.ContentType), ("$cause", Cause(withdrawn.Cause)), ("$because_sender", withdrawn.BecauseOf?.Sender),
            ("$because_id", withdrawn.BecauseOf?.MessageId.ToByteArray()), ("$notice", noticeLocalId), ("$now", context.NowMs));
    }

    /// <summary>What becomes of this node's copy of the hub's <paramref name="messageId"/>; true when its content was purged now.</summary>
    private static bool Apply(WriteContext context, byte[] noticeId, byte[] messageId, byte[] headerSha256, string contentType, string cause, long number)
    {
        var connection = context.Connection;
        var notice = Convert.ToHexStringLower(noticeId);
        var held = connection.Query(
            "SELECT local_id, header_hash, content_type, purged_at_ms IS NOT NULL FROM inbox WHERE sender = $hub AND message_id = $id;",
            reader => reader.Read() ? (reader.GetInt64(0), (byte[])reader[1], reader.GetString(2), reader.GetBoolean(3)) : default((long, byte[], string, bool)?),
            ("$hub", PartyId.Hub.Uri), ("$id", messageId));
        if (held is not { } copy)
        {
            NodeAudit.Append(connection, context.NowMs, PartyId.Hub.Uri, NodeAuditActions.HubWithdrawal, messageId,
                $"notice={notice} sequence={Number(number)} cause={cause} not received: recorded as withdrawn");
            return false;
        }

        var (localId, header, type, purged) = copy;
        if (!header.AsSpan().SequenceEqual(headerSha256) || type != contentType)
        {
            // The hub named a copy this node does not hold: nothing is purged on its word, and the operator is told.
            connection.Execute(
                """
                INSERT INTO alarms (kind, sender, expected, received, raised_at_ms, message_id)
                VALUES ($kind, $hub, $number, $number, $now, $id);
                """,
                ("$kind", SequenceAlarm.WithdrawalMismatch), ("$hub", PartyId.Hub.Uri), ("$number", number), ("$now", context.NowMs), ("$id", messageId));
            NodeAudit.Append(connection, context.NowMs, PartyId.Hub.Uri, NodeAuditActions.HubWithdrawal, messageId,
                $"notice={notice} sequence={Number(number)} cause={cause} {SequenceAlarm.WithdrawalMismatch}: local_id={Number(localId)} holds another header");
            return false;
        }

        if (purged)
        {
            NodeAudit.Append(connection, context.NowMs, PartyId.Hub.Uri, NodeAuditActions.HubWithdrawal, messageId,
                $"notice={notice} sequence={Number(number)} cause={cause} local_id={Number(localId)} already purged");
            return false;
        }

        connection.Execute(
            "UPDATE inbox SET envelope = X'', plaintext = X'', purged_at_ms = $now, purge_cause = $cause WHERE local_id = $local;",
            ("$now", context.NowMs), ("$cause", cause), ("$local", localId));
        NodeAudit.Append(connection, context.NowMs, "node", NodeAuditActions.Purge, messageId,
            $"box=inbox local_id={Number(localId)} cause={cause} withdrawn by the hub: notice={notice} sequence={Number(number)}");
        return true;
    }

    /// <summary>The hub's open gap alarms every missing number of which it has now withdrawn: resolved, kept, audited.</summary>
    private static void Resolve(WriteContext context, byte[] noticeId)
    {
        var resolved = context.Connection.Query(
            """
            UPDATE alarms SET resolved_at_ms = $now, resolved_by = $notice
            WHERE kind = $gap AND sender = $hub AND resolved_at_ms IS NULL
              AND received - expected = (SELECT COUNT(*) FROM hub_withdrawn w
                                         WHERE w.recipient_sequence >= alarms.expected AND w.recipient_sequence < alarms.received)
            RETURNING id, expected, received;
            """,
            reader =>
            {
                var rows = new List<(long Id, long Expected, long Received)>();
                while (reader.Read())
                {
                    rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
                }

                return rows;
            },
            ("$now", context.NowMs), ("$notice", noticeId), ("$gap", SequenceAlarm.Gap), ("$hub", PartyId.Hub.Uri));
        foreach (var (id, expected, received) in resolved)
        {
            NodeAudit.Append(context.Connection, context.NowMs, PartyId.Hub.Uri, NodeAuditActions.AlarmResolved, noticeId,
                $"alarm={Number(id)} {SequenceAlarm.Gap} expected={Number(expected)} received={Number(received)}: the missing numbers were withdrawn by the hub");
        }
    }

    /// <summary>The purge cause the store records (as a lifecycle purge records it).</summary>
    private static string Cause(WithdrawalCause cause) => cause switch
    {
        WithdrawalCause.Recalled => "recalled",
        WithdrawalCause.Expired => "expired",
        WithdrawalCause.Restricted => "restricted",
        _ => throw new ArgumentOutOfRangeException(nameof(cause), cause, "A checked withdrawal names a known cause."),
    };

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
