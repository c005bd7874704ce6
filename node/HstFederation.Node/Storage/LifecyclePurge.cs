using HstFederation.Node.Audit;

namespace HstFederation.Node.Storage;

/// <summary>
/// Deletes a stored copy's content inside the writer's transaction (docs/lifecycle.md §4): the full-text rows, entities,
/// crime types and summary, and the envelope and plaintext blanked in place (the row keeps ids, header hash and receipts),
/// and the content of the hub's notifications of hits on it (<see cref="PurgedHits"/>) and of the analytical products
/// built from it (<see cref="PurgedProducts"/>).
/// The writer connection runs with <c>secure_delete</c>, so freed cells and pages are zeroed; the FTS index is merged
/// once before the transaction commits (<see cref="WriteContext.MergeIndexBeforeCommit"/>, however many copies it purges)
/// so no segment keeps the deleted tokens. The WAL still holds the old frames until
/// <see cref="NodeStore.CheckpointAsync"/> truncates it after the commit.
/// </summary>
internal static class LifecyclePurge
{
    public const string Recalled = "recalled";
    public const string Restricted = "restricted";
    public const string Expired = "expired";

    /// <summary>An operator's <c>cancel</c> of a queued message the hub never received (<see cref="OutboxCancel"/>; migration 17).</summary>
    public const string Cancelled = "cancelled";

    /// <summary>An operator's <c>products discard</c> of a product left unrecorded at upgrade (<see cref="ProductDiscard"/>; migration 17).</summary>
    public const string Discarded = "discarded";

    /// <summary>The refusal reason of an outbox copy purged while still queued: it was never sent.</summary>
    public const string PurgedBeforeSent = "Purged";

    /// <param name="source">The message's source: the inbox copy's sender, or this node for its outbox copy (products name it so).</param>
    public static void Purge(WriteContext context, MessageBox box, long localId, string source, string cause)
    {
        var connection = context.Connection;
        var boxName = box.ToStorage();
        var messageId = (byte[])connection.Scalar(
            box == MessageBox.Inbox ? "SELECT message_id FROM inbox WHERE local_id = $local;" : "SELECT message_id FROM outbox WHERE local_id = $local;",
            ("$local", localId))!;
        connection.Execute(
            "DELETE FROM entity_text WHERE rowid IN (SELECT id FROM entities WHERE box = $box AND local_id = $local);",
            ("$box", boxName), ("$local", localId));
        connection.Execute("DELETE FROM entities WHERE box = $box AND local_id = $local;", ("$box", boxName), ("$local", localId));
        connection.Execute("DELETE FROM message_crime_types WHERE box = $box AND local_id = $local;", ("$box", boxName), ("$local", localId));
        connection.Execute("DELETE FROM message_summaries WHERE box = $box AND local_id = $local;", ("$box", boxName), ("$local", localId));
        if (box == MessageBox.Inbox)
        {
            connection.Execute(
                """
                UPDATE inbox SET envelope = X'', plaintext = X'', effective_handling = NULL, purged_at_ms = $now, purge_cause = $cause
                WHERE local_id = $local;
                """,
                ("$now", context.NowMs), ("$cause", cause), ("$local", localId));
        }
        else
        {
            // A copy still queued is never sent once purged: it ends refused with a local reason.
            connection.Execute(
                """
                UPDATE outbox SET plaintext = X'', envelope = NULL, matching_tokens = NULL, purged_at_ms = $now, purge_cause = $cause,
                    reject_reason = CASE WHEN state = 1 THEN $purgedBeforeSent ELSE reject_reason END,
                    reject_detail = CASE WHEN state = 1 THEN 'purged (' || $cause || ') before it was sent' ELSE reject_detail END,
                    state_at_ms = CASE WHEN state = 1 THEN $now ELSE state_at_ms END,
                    state = CASE WHEN state = 1 THEN 3 ELSE state END
                WHERE local_id = $local;
                """,
                ("$now", context.NowMs), ("$cause", cause), ("$purgedBeforeSent", PurgedBeforeSent), ("$local", localId));
        }

        // The hub's notifications of hits on this message carry its values and factors: they go with it (PurgedHits).
        PurgedHits.Purge(context, box, localId, cause);
        // So do the analytical products that list it among their sources: their names, links and routes came from it.
        PurgedProducts.Purge(context, source, messageId, cause);
        context.MergeIndexBeforeCommit();
        // Named by message id, so the message's ledger (whose audit list is every entry with its id) shows the purge.
        NodeAudit.Append(connection, context.NowMs, "node", NodeAuditActions.Purge, messageId, $"box={boxName} local_id={localId} cause={cause}");
    }
}
