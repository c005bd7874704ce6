using HstFederation.Node.Audit;
using HstFederation.Node.Search;

namespace HstFederation.Node.Storage;

/// <summary>
/// Inbox writes inside the writer's transaction. A delivery is stored once per (sender, message id): the
/// UNIQUE constraint decides (INSERT … ON CONFLICT DO NOTHING), never a lookup first; only when it refused is
/// the stored row read, to tell a repeat (same header hash) from a conflict. The hub cursor moves in the same
/// transaction, so after a crash the node neither skips a delivery nor counts one twice.
/// </summary>
internal static class InboxTransactions
{
    /// <summary>Stores a new delivery with its search index (<paramref name="index"/>); a repeat or a conflict indexes nothing.</summary>
    public static StoredReceive StoreReceived(WriteContext context, ReceivedEnvelope item, MessageIndex index, long? cursor) =>
        StoreReceived(context, item, cursor, localId => MessageIndexWriter.Write(context.Connection, MessageBox.Inbox, localId, index));

    /// <summary>
    /// Stores a new delivery and runs <paramref name="whenNew"/> with its local id in the same transaction (the search
    /// index of an HST message, the typed row of what the hub sends); a repeat or a conflict runs nothing. The receive
    /// is audited and the sender's recipient sequence checked whatever the content.
    /// </summary>
    public static StoredReceive StoreReceived(WriteContext context, ReceivedEnvelope item, long? cursor, Action<long> whenNew)
    {
        var connection = context.Connection;
        if (LifecycleTransactions.IsTombstonedAndNotHeld(connection, item.Sender, item.MessageId))
        {
            MoveCursor(context, cursor);
            NodeAudit.Append(connection, context.NowMs, item.Sender, NodeAuditActions.ReceiveWithdrawn, item.MessageId, $"sequence={item.Sequence}");
            return new StoredReceive(ReceiveOutcome.Withdrawn, context.NowMs);
        }

        // A newer version this node already holds (it can arrive first through a forward) marks this one superseded at once.
        var localId = connection.Scalar(
            """
            INSERT INTO inbox (sender, message_id, sequence, header_hash, envelope, plaintext, forwards, received_at_ms, content_type,
                               version, supersedes_message_id, lineage_reason, retain_until_ms, superseded_by)
            VALUES ($sender, $id, $sequence, $header, $envelope, $plaintext, $forwards, $now, $type,
                    $version, $supersedes, $reason, $retain,
                    (SELECT n.message_id FROM inbox n WHERE n.sender = $sender AND n.supersedes_message_id = $id))
            ON CONFLICT (sender, message_id) DO NOTHING
            RETURNING local_id;
            """,
            ("$sender", item.Sender),
            ("$id", item.MessageId),
            ("$sequence", item.Sequence),
            ("$header", item.HeaderHash),
            ("$envelope", item.Envelope),
            ("$plaintext", item.Plaintext),
            ("$forwards", item.Forwards),
            ("$now", context.NowMs),
            ("$type", item.ContentType),
            ("$version", item.Lineage?.Version ?? 1),
            ("$supersedes", item.Lineage?.SupersedesMessageId.ToByteArray()),
            ("$reason", item.Lineage?.Reason),
            ("$retain", item.RetainUntilMs)) as long?;
        MoveCursor(context, cursor);
        if (localId is null)
        {
            return Stored(context, item);
        }

        whenNew(localId.Value);
        if (item.Lineage is { } lineage)
        {
            connection.Execute(
                "UPDATE inbox SET superseded_by = $id WHERE sender = $sender AND message_id = $old;",
                ("$id", item.MessageId), ("$sender", item.Sender), ("$old", lineage.SupersedesMessageId.ToByteArray()));
        }

        NodeAudit.Append(connection, context.NowMs, item.Sender, NodeAuditActions.Receive, item.MessageId,
            item.IsHstMessage ? $"local_id={localId} sequence={item.Sequence}" : $"local_id={localId} sequence={item.Sequence} content_type={item.ContentType}");
        TrackSequence(context, item);
        return new StoredReceive(ReceiveOutcome.New, context.NowMs);
    }

    /// <summary>
    /// Keeps <paramref name="envelope"/> as quarantined, once: the same bytes quarantined before for the same reason (open
    /// or resolved) are not added again, since the row holds them already as evidence and the operator looked into them or
    /// will; the repeat is audited against that row (<see cref="Migration0021"/>).
    /// </summary>
    /// <param name="item">What the bytes are: envelope, lifecycle_order or lifecycle_confirmation (Migration0009).</param>
    public static QuarantineResult Quarantine(WriteContext context, byte[] envelope, string reason, string detail, long? cursor, string item = "envelope")
    {
        if (context.Connection.Scalar(
                """
                SELECT id FROM quarantine INDEXED BY quarantine_by_bytes
                WHERE item = $item AND reason = $reason AND length(envelope) = $length AND envelope = $envelope
                ORDER BY id LIMIT 1;
                """,
                ("$item", item), ("$reason", reason), ("$length", envelope.Length), ("$envelope", envelope)) is long quarantined)
        {
            MoveCursor(context, cursor);
            NodeAudit.Append(context.Connection, context.NowMs, "hub", NodeAuditActions.Quarantine, null,
                $"quarantine_id={quarantined} item={item} reason={reason} repeat: the same bytes again, not added");
            return new QuarantineResult(quarantined, Repeat: true);
        }

        var id = (long)context.Connection.Scalar(
            "INSERT INTO quarantine (envelope, reason, detail, quarantined_at_ms, item) VALUES ($envelope, $reason, $detail, $now, $item) RETURNING id;",
            ("$envelope", envelope), ("$reason", reason), ("$detail", detail), ("$now", context.NowMs), ("$item", item))!;
        MoveCursor(context, cursor);
        NodeAudit.Append(context.Connection, context.NowMs, "hub", NodeAuditActions.Quarantine, null,
            $"quarantine_id={id} item={item} reason={reason}");
        return new QuarantineResult(id, Repeat: false);
    }

    /// <summary>The cursor only moves forward: a late or repeated page cannot take it back.</summary>
    public static long MoveCursor(WriteContext context, long? cursor)
    {
        if (cursor is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            return (long)context.Connection.Scalar(
                "UPDATE hub_cursor SET cursor = max(cursor, $cursor) WHERE id = 1 RETURNING cursor;", ("$cursor", value))!;
        }

        return (long)context.Connection.Scalar("SELECT cursor FROM hub_cursor WHERE id = 1;")!;
    }

    private static StoredReceive Stored(WriteContext context, ReceivedEnvelope item)
    {
        using var command = context.Connection.Command(
            "SELECT header_hash, received_at_ms FROM inbox WHERE sender = $sender AND message_id = $id;",
            ("$sender", item.Sender), ("$id", item.MessageId));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException("The inbox refused a message it does not hold.");
        }

        var outcome = ((byte[])reader[0]).AsSpan().SequenceEqual(item.HeaderHash) ? ReceiveOutcome.Repeat : ReceiveOutcome.Conflict;
        return new StoredReceive(outcome, reader.GetInt64(1));
    }

    /// <summary>
    /// Compares a newly stored message's <see cref="ReceivedEnvelope.RecipientSequence"/> (the sender's count of
    /// its messages to this node, from 1) with the highest stored from that sender: anything but the next number
    /// raises a gap alarm (numbers skipped, the first message included) or a reorder alarm (a step back), except a hole
    /// of numbers the hub withdrew (<see cref="HubWithdrawals.Explains"/>), which is no gap.
    /// Messages this node holds only through a forward are not numbered for it and are not tracked.
    /// </summary>
    private static void TrackSequence(WriteContext context, ReceivedEnvelope item)
    {
        var received = item.RecipientSequence;
        if (received == 0)
        {
            return;
        }

        var connection = context.Connection;
        var highest = connection.Scalar("SELECT last_sequence FROM sender_sequences WHERE sender = $sender;", ("$sender", item.Sender)) as long? ?? 0;
        if (received > highest + 1 && HubWithdrawals.Explains(context, item.Sender, highest + 1, received - 1))
        {
            // Every skipped number is one the hub withdrew (a notice said so, maybe this very message): no gap.
            NodeAudit.Append(connection, context.NowMs, item.Sender, NodeAuditActions.HubWithdrawal, item.MessageId,
                $"sequence expected={highest + 1} received={received}: the numbers between were withdrawn by the hub");
        }
        else if (received != highest + 1)
        {
            var kind = received > highest ? SequenceAlarm.Gap : SequenceAlarm.Reorder;
            connection.Execute(
                "INSERT INTO alarms (kind, sender, expected, received, raised_at_ms) VALUES ($kind, $sender, $expected, $received, $now);",
                ("$kind", kind), ("$sender", item.Sender), ("$expected", highest + 1), ("$received", received), ("$now", context.NowMs));
            NodeAudit.Append(connection, context.NowMs, item.Sender, NodeAuditActions.SequenceAlarm, item.MessageId,
                $"{kind} expected={highest + 1} received={received}");
        }

        connection.Execute(
            """
            INSERT INTO sender_sequences (sender, last_sequence) VALUES ($sender, $sequence)
            ON CONFLICT (sender) DO UPDATE SET last_sequence = max(last_sequence, excluded.last_sequence);
            """,
            ("$sender", item.Sender), ("$sequence", received));
    }
}
