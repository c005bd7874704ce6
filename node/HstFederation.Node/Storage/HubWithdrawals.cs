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
    /// <summary>
    /// Stores the notice; also says whether a copy was purged (the caller then truncates the WAL). <paramref name="me"/> is
    /// this node's party URI: a held copy's own number is its header's Recipient entry for it.
    /// </summary>
    public static (StoredReceive Stored, bool Purged) Store(WriteContext context, ReceivedEnvelope item, HubWithdrawal withdrawal, long? cursor, string me)
    {
        var purged = false;
        var stored = InboxTransactions.StoreReceived(context, item, cursor, localId =>
        {
            foreach (var withdrawn in withdrawal.Withdrawn)
            {
                var messageId = withdrawn.MessageId.ToByteArray();
                var header = withdrawn.HeaderSha256.ToByteArray();
                var cause = Cause(withdrawn.Cause);
                var number = (long)withdrawn.RecipientSequence;
                if (!Record(context, localId, withdrawn))
                {
                    // The number is already withdrawn as another message: the hub told two stories of one number; neither copy goes on this word.
                    Mismatch(context, item.MessageId, messageId, number, cause, "the number is already recorded as withdrawn with another message id or header");
                    continue;
                }

                purged |= Apply(context, item.MessageId, messageId, header, withdrawn.ContentType, cause, number, envelope => OwnNumber(envelope, me));
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
        // The copy just stored is numbered by its own header, as the link read it.
        return named is { } w && Apply(context, w.Notice, item.MessageId, w.Header, w.Type, w.Cause, w.Number, _ => item.RecipientSequence);
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

    /// <summary>
    /// Records the entry under its number; false when the number is already recorded with another message id or header
    /// (the same entry again, from a later notice, is true and applied again, to no effect).
    /// </summary>
    private static bool Record(WriteContext context, long noticeLocalId, WithdrawnHubMessage withdrawn)
    {
        var inserted = context.Connection.Execute(
            """
            INSERT INTO hub_withdrawn (recipient_sequence, message_id, header_sha256, content_type, cause, because_of_sender,
                                       because_of_message_id, notice_local_id, recorded_at_ms)
            VALUES ($number, $id, $header, $type, $cause, $because_sender, $because_id, $notice, $now)
            ON CONFLICT (recipient_sequence) DO NOTHING;
            """,
            ("$number", (long)withdrawn.RecipientSequence), ("$id", withdrawn.MessageId.ToByteArray()), ("$header", withdrawn.HeaderSha256.ToByteArray()),
            ("$type", withdrawn.ContentType), ("$cause", Cause(withdrawn.Cause)), ("$because_sender", withdrawn.BecauseOf?.Sender),
            ("$because_id", withdrawn.BecauseOf?.MessageId.ToByteArray()), ("$notice", noticeLocalId), ("$now", context.NowMs));
        return inserted == 1 || (long)context.Connection.Scalar(
            "SELECT COUNT(*) FROM hub_withdrawn WHERE recipient_sequence = $number AND message_id = $id AND header_sha256 = $header;",
            ("$number", (long)withdrawn.RecipientSequence), ("$id", withdrawn.MessageId.ToByteArray()), ("$header", withdrawn.HeaderSha256.ToByteArray()))! == 1;
    }

    /// <summary>What becomes of this node's copy of the hub's <paramref name="messageId"/>; true when its content was purged now.</summary>
    /// <param name="ownNumber">The held copy's own number to this node, from its stored envelope (0: not numbered).</param>
    private static bool Apply(
        WriteContext context, byte[] noticeId, byte[] messageId, byte[] headerSha256, string contentType, string cause, long number, Func<byte[], long> ownNumber)
    {
        var connection = context.Connection;
        var notice = Convert.ToHexStringLower(noticeId);
        var held = connection.Query(
            "SELECT local_id, header_hash, content_type, purged_at_ms IS NOT NULL, envelope FROM inbox WHERE sender = $hub AND message_id = $id;",
            reader => reader.Read()
                ? (reader.GetInt64(0), (byte[])reader[1], reader.GetString(2), reader.GetBoolean(3), (byte[])reader[4])
                : default((long, byte[], string, bool, byte[])?),
            ("$hub", PartyId.Hub.Uri), ("$id", messageId));
        if (held is not { } copy)
        {
            NodeAudit.Append(connection, context.NowMs, PartyId.Hub.Uri, NodeAuditActions.HubWithdrawal, messageId,
                $"notice={notice} sequence={Number(number)} cause={cause} not received: recorded as withdrawn");
            return false;
        }

        var (localId, header, type, purged, envelope) = copy;
        if (!header.AsSpan().SequenceEqual(headerSha256) || type != contentType)
        {
            // The hub named a copy this node does not hold: nothing is purged on its word, and the operator is told.
            Mismatch(context, noticeId, messageId, number, cause, $"local_id={Number(localId)} holds another header");
            return false;
        }

        if (!purged && ownNumber(envelope) is var own && own != number)
        {
            // The copy's own signed number to this node is another: the notice would file it under a number the hub never gave it.
            Mismatch(context, noticeId, messageId, number, cause, $"local_id={Number(localId)} is number {Number(own)}");
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
        OtherCopies(context, localId, messageId, cause);
        return true;
    }

    /// <summary>
    /// Every other copy of the same hit (a repeated notification, hit_notifications) or product (product_copies) holds the
    /// same values: emptied with it, as PurgedHits and PurgedProducts empty them.
    /// </summary>
    private static void OtherCopies(WriteContext context, long localId, byte[] messageId, string cause)
    {
        if (context.Connection.Scalar("SELECT hit_row FROM hit_notifications WHERE inbox_local_id = $local;", ("$local", localId)) is long hitRow)
        {
            PurgedHits.Withdraw(context, "id = $row", messageId, cause, ("$row", hitRow));
        }

        if (context.Connection.Scalar("SELECT product_row FROM product_copies WHERE inbox_local_id = $local;", ("$local", localId)) is long productRow
            && PurgedProducts.Empty(context.Connection, context.NowMs, productRow, cause) is var emptied and > 0)
        {
            NodeAudit.Append(context.Connection, context.NowMs, "node", NodeAuditActions.Purge, messageId,
                $"products={Number(emptied)} cause={cause} other copies of the product withdrawn by the hub");
        }
    }

    /// <summary>The hub named a copy this node does not hold as named: an alarm (the number as expected and received) and the audit.</summary>
    private static void Mismatch(WriteContext context, byte[] noticeId, byte[] messageId, long number, string cause, string why)
    {
        context.Connection.Execute(
            """
            INSERT INTO alarms (kind, sender, expected, received, raised_at_ms, message_id)
            VALUES ($kind, $hub, $number, $number, $now, $id);
            """,
            ("$kind", SequenceAlarm.WithdrawalMismatch), ("$hub", PartyId.Hub.Uri), ("$number", number), ("$now", context.NowMs), ("$id", messageId));
        NodeAudit.Append(context.Connection, context.NowMs, PartyId.Hub.Uri, NodeAuditActions.HubWithdrawal, messageId,
            $"notice={Convert.ToHexStringLower(noticeId)} sequence={Number(number)} cause={cause} {SequenceAlarm.WithdrawalMismatch}: {why}");
    }

    /// <summary>This node's number in the hub's count, as signed in a stored envelope's header; 0 when it names none.</summary>
    private static long OwnNumber(byte[] envelope, string me) =>
        (long)(StoredHeaders.Header(envelope).Recipients.FirstOrDefault(r => r.Party == me)?.Sequence ?? 0);

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
