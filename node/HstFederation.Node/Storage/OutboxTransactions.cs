using HstFederation.Node.Audit;
using HstFederation.Node.Search;

namespace HstFederation.Node.Storage;

/// <summary>
/// Outbox writes inside the writer's transaction. The sequence is allocated with the row it numbers, so a
/// rolled-back enqueue leaves no hole and a committed one is never reused. State changes are idempotent:
/// repeating one with the same data changes nothing; a conflicting one fails that operation alone.
/// </summary>
internal static class OutboxTransactions
{
    /// <summary>
    /// Queues the message with its search index (<paramref name="index"/>) and its idempotency key, if any, in the same
    /// transaction. A key this actor already used for the same request queues nothing: the earlier message is returned
    /// (<see cref="EnqueuedMessage.Repeated"/>) and the repeat audited; for another request it throws
    /// <see cref="RequestIdReusedException"/>. The writer runs one operation at a time inside BEGIN IMMEDIATE, so the
    /// look-up and the insert cannot interleave with another enqueue; the key's primary key backs that up.
    /// </summary>
    public static EnqueuedMessage Enqueue(WriteContext context, OutboxItem item, MessageIndex index)
    {
        var connection = context.Connection;
        if (item.Key is { } repeatKey && SubmitKeys.Find(connection, item.Actor, repeatKey) is { } earlier)
        {
            NodeAudit.Append(connection, context.NowMs, item.Actor, NodeAuditActions.EnqueueRepeat, earlier.MessageId,
                SubmitKeys.RepeatDetail(earlier, repeatKey), item.Certificate);
            return earlier;
        }

        if (item.Update is { } update)
        {
            Supersede(context, item, update);
        }

        var sequence = (long)connection.Scalar(
            "UPDATE sequence_state SET last_sequence = last_sequence + 1 WHERE id = 1 RETURNING last_sequence;")!;
        var localId = (long)connection.Scalar(
            """
            INSERT INTO outbox (message_id, sequence, actor, plaintext, envelope, created_at_ms, state, state_at_ms,
                                version, supersedes_message_id, lineage_reason, retain_until_ms)
            VALUES ($id, $sequence, $actor, $plaintext, $envelope, $now, 1, $now, $version, $supersedes, $reason, $retain)
            RETURNING local_id;
            """,
            ("$version", item.Update?.Version ?? 1),
            ("$supersedes", item.Update?.SupersedesMessageId),
            ("$reason", item.Update?.Reason),
            ("$retain", item.RetainUntilMs),
            ("$id", item.MessageId),
            ("$sequence", sequence),
            ("$actor", item.Actor),
            ("$plaintext", item.Plaintext),
            ("$envelope", item.Envelope),
            ("$now", context.NowMs))!;
        foreach (var addressee in item.Addressees.Distinct(StringComparer.Ordinal))
        {
            connection.Execute(
                "INSERT INTO outbox_addressees (local_id, addressee) VALUES ($local, $addressee);",
                ("$local", localId),
                ("$addressee", addressee));
        }

        MessageIndexWriter.Write(connection, MessageBox.Outbox, localId, index);
        if (item.Key is { } key)
        {
            SubmitKeys.Insert(connection, item.Actor, key, localId, context.NowMs);
        }

        NodeAudit.Append(connection, context.NowMs, item.Actor, NodeAuditActions.Enqueue, item.MessageId,
            $"local_id={localId} sequence={sequence} addressees={item.Addressees.Count}" + (item.Key is null ? "" : $" request_id={item.Key.RequestId}"), item.Certificate);
        return new EnqueuedMessage(localId, item.MessageId, sequence, context.NowMs);
    }

    /// <summary>
    /// Marks the superseded version, which must still be current, neither purged nor refused (two updates of one version
    /// cannot both commit), and checks that the update goes to every member the superseded version went to that may
    /// still hold it: the hub refuses anything narrower as UPDATE_INVALID (narrowing is a restriction).
    /// </summary>
    private static void Supersede(WriteContext context, OutboxItem item, UpdateOf update)
    {
        var old = update.SupersedesMessageId;
        var localId = context.Connection.Scalar(
            """
            UPDATE outbox SET superseded_by = $new
            WHERE message_id = $old AND superseded_by IS NULL AND purged_at_ms IS NULL AND state <> 3 AND version = $version - 1
            RETURNING local_id;
            """,
            ("$new", item.MessageId), ("$old", old), ("$version", update.Version)) as long?
            ?? throw new UpdateRefusedException(
                $"message {Protocol.Identities.MessageIds.Format(old)} is no longer the current version of its case (superseded, refused or purged meanwhile).");
        var excluded = SourceCopy.EffectiveHandling(context, old)?.Addressees?.ExcludedMembers ?? [];
        var missing = OutboxReader.Addressees(context.Connection, localId)
            .Where(a => !item.Addressees.Contains(a) && !excluded.Any(code => Protocol.Identities.PartyId.Member(code).Uri == a))
            .ToList();
        if (missing.Count > 0)
        {
            throw new UpdateRefusedException(
                $"an update goes to every member the superseded version went to that may still hold it; missing: {string.Join(", ", missing)} " +
                "(UpdateInvalid). To narrow the audience, use 'hst-node restrict --exclude'.");
        }
    }

    /// <summary>
    /// Drops a still-queued message's kept envelope so it is sealed again; audited. False when not queued or not sealed, or
    /// when a recall of it is pending (<see cref="PendingRecalls"/>): then it ends refused with <paramref name="reason"/> instead.
    /// </summary>
    public static bool ForgetSealed(WriteContext context, long localId, string reason)
    {
        var messageId = context.Connection.Scalar(
            "SELECT message_id FROM outbox WHERE local_id = $local AND state = 1 AND envelope IS NOT NULL;", ("$local", localId)) as byte[];
        if (messageId is null)
        {
            return false;
        }

        if (PendingRecalls.Any(context, localId))
        {
            // The operator recalled it while the hub had not answered: sealed again it would go out after all. The hub's
            // refusal proves it never accepted this one, so it ends refused here, and the recall is dropped with it.
            MarkRejected(context, localId, reason, "the hub found it too old to accept; not sealed again because the operator recalled it");
            return false;
        }

        context.Connection.Execute("UPDATE outbox SET envelope = NULL, matching_tokens = NULL WHERE local_id = $local;", ("$local", localId));
        NodeAudit.Append(context.Connection, context.NowMs, "node", NodeAuditActions.Reseal, messageId, $"sealed again after the hub refused it: {reason}");
        return true;
    }

    public static bool DropTokens(WriteContext context, long localId, string reason)
    {
        var messageId = context.Connection.Scalar(
            "UPDATE outbox SET matching_tokens = NULL WHERE local_id = $local AND state = 1 AND matching_tokens IS NOT NULL RETURNING message_id;",
            ("$local", localId)) as byte[];
        if (messageId is null)
        {
            return false;
        }

        NodeAudit.Append(context.Connection, context.NowMs, "node", NodeAuditActions.TokensDropped, messageId, $"sent without blind tokens after the hub refused them: {reason}");
        return true;
    }

    /// <summary>
    /// Keeps the sealed envelope and its tokens once, so every retry submits the same bytes. False when it is already kept.
    /// Only on a row still queued: this is the sender's claim before its first submit, so a message cancelled or purged
    /// since the sender read it is never submitted (<see cref="OutboxNotQueuedException"/>; <see cref="OutboxCancel"/>).
    /// </summary>
    public static bool RecordSealed(WriteContext context, long localId, byte[] envelope, byte[]? matchingTokens)
    {
        // The usual case in one statement: queued, not sealed yet. Otherwise (or no such row) the look-up below decides.
        if (context.Connection.Execute(
                "UPDATE outbox SET envelope = $envelope, matching_tokens = $tokens WHERE local_id = $local AND envelope IS NULL AND state = 1;",
                ("$envelope", envelope), ("$tokens", matchingTokens), ("$local", localId)) == 1)
        {
            return true;
        }

        var (state, _) = StateOf(context, localId);
        if (state != OutboxState.Queued)
        {
            throw new OutboxNotQueuedException($"Outbox message {localId} is {state.ToString().ToLowerInvariant()}: it is not sealed or submitted.");
        }

        var stored = context.Connection.Scalar("SELECT COALESCE(envelope, X'') FROM outbox WHERE local_id = $local;", ("$local", localId)) as byte[]
            ?? throw new InvalidOperationException($"Outbox message {localId} does not exist.");
        return Unchanged(stored.AsSpan().SequenceEqual(envelope) ? true : null, localId, "a different sealed envelope");
    }

    public static bool MarkAccepted(WriteContext context, long localId, byte[] receipt, long hubSequence)
    {
        // The usual case in one statement: still queued. Otherwise (a repeat, a conflict, no such row) as before.
        if (context.Connection.Scalar(
                "UPDATE outbox SET state = 2, state_at_ms = $now, receipt = $receipt, hub_sequence = $hub WHERE local_id = $local AND state = 1 RETURNING message_id;",
                ("$now", context.NowMs), ("$receipt", receipt), ("$hub", hubSequence), ("$local", localId)) is byte[] accepted)
        {
            NodeAudit.Append(context.Connection, context.NowMs, "hub", NodeAuditActions.Accepted, accepted,
                $"local_id={localId} hub_sequence={hubSequence}");
            return true;
        }

        var (state, messageId) = StateOf(context, localId);
        if (state == OutboxState.Accepted)
        {
            return Unchanged(context.Connection.Scalar(
                "SELECT 1 FROM outbox WHERE local_id = $local AND receipt = $receipt AND hub_sequence = $hub;",
                ("$local", localId), ("$receipt", receipt), ("$hub", hubSequence)), localId, "a different receipt");
        }

        // Purged here (at its retention date, say) while a submit of it was in flight, and the hub accepted that submit: the
        // hub holds it now, so the outbox says so, its content staying purged. Recording it also counts it for its recipients
        // (outbox_accepted_counts), so the next message to them is not sealed with its number.
        if (context.Connection.Scalar(
                "SELECT purge_cause FROM outbox WHERE local_id = $local AND state = 3 AND reject_reason = $purged;",
                ("$local", localId), ("$purged", LifecyclePurge.PurgedBeforeSent)) is string cause)
        {
            context.Connection.Execute(
                "UPDATE outbox SET state = 2, state_at_ms = $now, receipt = $receipt, hub_sequence = $hub, reject_reason = NULL, reject_detail = NULL WHERE local_id = $local;",
                ("$now", context.NowMs), ("$receipt", receipt), ("$hub", hubSequence), ("$local", localId));
            NodeAudit.Append(context.Connection, context.NowMs, "hub", NodeAuditActions.Accepted, messageId,
                $"local_id={localId} hub_sequence={hubSequence} after its copy here was purged ({cause}) during the submit");
            return true;
        }

        // Neither queued (the UPDATE above took a queued row) nor accepted: rejected, which cannot change again. Throws.
        Require(allowed: false, localId, state);
        return false;
    }

    /// <summary>
    /// Queued → rejected. A row that stopped being queued since the sender read it because it was cancelled or purged
    /// (<see cref="LifecyclePurge.PurgedBeforeSent"/>) throws <see cref="OutboxNotQueuedException"/>: the sender's local
    /// refusal came second, nothing to record. Any other different outcome already held fails loudly.
    /// </summary>
    public static bool MarkRejected(WriteContext context, long localId, string reason, string detail)
    {
        var (state, messageId) = StateOf(context, localId);
        if (state == OutboxState.Rejected && reason != OutboxCancel.Reason && reason != LifecyclePurge.PurgedBeforeSent
            && context.Connection.Scalar(
                "SELECT reject_reason FROM outbox WHERE local_id = $local AND reject_reason IN ($cancelled, $purged);",
                ("$local", localId), ("$cancelled", OutboxCancel.Reason), ("$purged", LifecyclePurge.PurgedBeforeSent)) is string stoppedBy)
        {
            throw new OutboxNotQueuedException($"Outbox message {localId} is no longer queued ({stoppedBy}): its refusal ({reason}) is not recorded.");
        }

        if (state == OutboxState.Rejected)
        {
            return Unchanged(context.Connection.Scalar(
                "SELECT 1 FROM outbox WHERE local_id = $local AND reject_reason = $reason AND reject_detail = $detail;",
                ("$local", localId), ("$reason", reason), ("$detail", detail)), localId, "a different reason");
        }

        Require(state == OutboxState.Queued, localId, state);
        context.Connection.Execute(
            "UPDATE outbox SET state = 3, state_at_ms = $now, reject_reason = $reason, reject_detail = $detail WHERE local_id = $local;",
            ("$now", context.NowMs), ("$reason", reason), ("$detail", detail), ("$local", localId));

        // A refused update superseded nothing: the version before it is current again.
        context.Connection.Execute("UPDATE outbox SET superseded_by = NULL WHERE superseded_by = $id;", ("$id", messageId));
        NodeAudit.Append(context.Connection, context.NowMs, "hub", NodeAuditActions.Rejected, messageId,
            $"local_id={localId} reason={reason}");
        PendingRecalls.Drop(context, localId, reason);
        return true;
    }

    public static bool RecordDeliveryReceipt(WriteContext context, byte[] messageId, string recipient, byte[] receipt)
    {
        var localId = context.Connection.Scalar("SELECT local_id FROM outbox WHERE message_id = $id;", ("$id", messageId)) as long?
            ?? throw new InvalidOperationException("No outbox message has this id; the delivery receipt is not ours.");
        var added = context.Connection.Execute(
            """
            INSERT INTO outbox_deliveries (local_id, recipient, receipt, received_at_ms) VALUES ($local, $recipient, $receipt, $now)
            ON CONFLICT (local_id, recipient) DO NOTHING;
            """,
            ("$local", localId), ("$recipient", recipient), ("$receipt", receipt), ("$now", context.NowMs)) == 1;
        if (added)
        {
            NodeAudit.Append(context.Connection, context.NowMs, recipient, NodeAuditActions.Delivered, messageId,
                $"local_id={localId}");
        }

        return added;
    }

    private static (OutboxState State, byte[] MessageId) StateOf(WriteContext context, long localId)
    {
        using var command = context.Connection.Command(
            "SELECT state, message_id FROM outbox WHERE local_id = $local;", ("$local", localId));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? ((OutboxState)reader.GetInt64(0), (byte[])reader[1])
            : throw new InvalidOperationException($"Outbox message {localId} does not exist.");
    }

    private static bool Unchanged(object? same, long localId, string what) =>
        same is null ? throw new InvalidOperationException($"Outbox message {localId} already holds {what}.") : false;

    private static void Require(bool allowed, long localId, OutboxState state)
    {
        if (!allowed)
        {
            throw new InvalidOperationException($"Outbox message {localId} is {state.ToString().ToLowerInvariant()}; it cannot change again.");
        }
    }
}
