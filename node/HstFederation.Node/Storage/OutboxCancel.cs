using HstFederation.Node.Audit;

namespace HstFederation.Node.Storage;

/// <summary>
/// Cancels a queued message the hub provably never received, in the writer's transaction (`hst-node cancel`).
/// <para>
/// Provably: the outbox sender seals a message and keeps the envelope (<see cref="OutboxTransactions.RecordSealed"/>,
/// which stores it only on a row still queued) before its first submit, and the outbox does not record attempts; so only
/// a queued row without a kept envelope was never submitted. (The envelope is also dropped when the hub refused it as
/// <c>CreatedTooLongAgo</c> before a reseal, a refusal that proves the hub never accepted it.) Both run on the single
/// writer: whichever commits first wins, so the sender cannot start an attempt of a message this cancelled.
/// </para>
/// <para>
/// The numbers recipients check stay consecutive: a message's per-recipient number is one more than the messages to that
/// recipient the hub accepted, given when it is sealed (<see cref="NodeStore.NextRecipientSequencesAsync"/>), so a message
/// never accepted used none; the header's per-sender number may have gaps (the hub does not require them consecutive).
/// </para>
/// </summary>
internal static class OutboxCancel
{
    public const string Reason = "Cancelled";

    /// <summary>Queued → rejected as <see cref="Reason"/> and its content purged; audited. Throws <see cref="CancelRefusedException"/>.</summary>
    /// <param name="source">This node's party URI (the purge names the source of the products built from it: none, never sent).</param>
    public static byte[] Cancel(WriteContext context, long localId, string source, string actor)
    {
        using var command = context.Connection.Command(
            "SELECT state, envelope IS NOT NULL, message_id, reject_reason, superseded_by FROM outbox WHERE local_id = $local;", ("$local", localId));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new CancelRefusedException($"there is no outbox #{localId}.");
        }

        var (state, sealedForHub, messageId) = ((OutboxState)reader.GetInt64(0), reader.GetBoolean(1), (byte[])reader[2]);
        var rejectReason = reader.IsDBNull(3) ? null : reader.GetString(3);
        var supersededBy = reader.IsDBNull(4) ? null : (byte[])reader[4];
        reader.Close();
        if (state == OutboxState.Accepted)
        {
            throw new CancelRefusedException("the hub has accepted it: recall it instead ('hst-node recall').");
        }

        if (state == OutboxState.Rejected)
        {
            throw new CancelRefusedException($"it is not queued: it ended refused ({rejectReason}); nothing will be sent.");
        }

        if (sealedForHub)
        {
            // The usual refusal of the first message queued during a hub outage: the sender seals the first queued message
            // within a poll with the member directory it holds (until that expires), then stops at its failed submit.
            throw new CancelRefusedException(
                "it is sealed for the hub, so a submit of it may have reached the hub: recall it instead ('hst-node recall <id> --reason ...'), " +
                "which takes effect as soon as the hub accepts it (stored now, sent by 'serve' once the hub's acceptance is recorded; if the hub " +
                "refuses it, it was never sent and the recall is dropped). While the hub is down, 'serve' seals the first queued message within " +
                "one poll (with the member directory it holds, until that expires) and keeps it: the messages queued behind it are not sealed and " +
                "can still be cancelled.");
        }

        // A later version queued as its update would lose the version it supersedes (and end refused as NotSealable)
        // while the one before became current again: the latest queued version goes first.
        if (supersededBy is not null && context.Connection.Scalar(
                "SELECT local_id FROM outbox WHERE message_id = $next AND state = 1;", ("$next", supersededBy)) is long next)
        {
            throw new CancelRefusedException(
                $"a later version of it, {Protocol.Identities.MessageIds.Format(supersededBy)} (outbox #{next}), is queued as its update: cancel that one first.");
        }

        context.Connection.Execute(
            "UPDATE outbox SET state = 3, state_at_ms = $now, reject_reason = $reason, reject_detail = $detail WHERE local_id = $local;",
            ("$now", context.NowMs), ("$reason", Reason), ("$detail", $"cancelled by {actor} before it was ever submitted: the hub never received it"),
            ("$local", localId));
        // A cancelled update superseded nothing: the version before it is current again (as for any refused one).
        context.Connection.Execute("UPDATE outbox SET superseded_by = NULL WHERE superseded_by = $id;", ("$id", messageId));
        NodeAudit.Append(context.Connection, context.NowMs, actor, NodeAuditActions.Cancel, messageId, $"local_id={localId} never submitted");
        // Its content goes as a recall's would, under its own cause: it never left, and 'recalled' would say it had (a node
        // before migration 17 wrote 'recalled'; migration 19 finds those rows by this entry's action and id).
        LifecyclePurge.Purge(context, MessageBox.Outbox, localId, source, LifecyclePurge.Cancelled);
        return messageId;
    }
}
