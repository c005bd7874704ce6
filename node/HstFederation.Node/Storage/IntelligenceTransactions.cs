using System.Globalization;
using HstFederation.Node.Audit;
using HstFederation.Node.Intelligence;

namespace HstFederation.Node.Storage;

/// <summary>
/// Writes for what the hub itself sends, inside the writer's transaction: the inbox row (as every delivery:
/// once per sender and message id, cursor, audit, sequence check) and, for a new one, its typed row. A hit id
/// or product id the node already holds keeps its first row (ON CONFLICT DO NOTHING: the unique key decides,
/// never a lookup first); the later delivery stays in the inbox as received, linked like the first to its hit or
/// product (Migration0014) so a purge finds every copy. A product's sources are recorded with it. Either is emptied on
/// arrival when a message it names was purged here already (<see cref="PurgedHits"/>, <see cref="PurgedProducts"/>), or when
/// the hub already withdrew it (<see cref="HubWithdrawals.OnArrival"/>).
/// Releases are recorded with their audit entry in one transaction.
/// </summary>
internal static class IntelligenceTransactions
{
    /// <summary>Also says whether the notification was emptied on arrival (with any earlier one of its hit): the WAL is then truncated.</summary>
    public static (StoredReceive Stored, bool PurgedOnArrival) StoreHit(WriteContext context, ReceivedEnvelope item, ReceivedHit hit, long? cursor)
    {
        var purged = false;
        var stored = InboxTransactions.StoreReceived(context, item, cursor, localId =>
        {
            var notification = hit.Notification;
            var row = context.Connection.Scalar(
                """
                INSERT INTO hits (hit_id, inbox_local_id, detected_at_ms, basis, your_message_id, other_sender, other_message_id,
                                  other_readable, score, kinds, releasable)
                VALUES ($hit, $local, $detected, $basis, $yours, $other_sender, $other_id, $readable, $score, $kinds, $releasable)
                ON CONFLICT (hit_id) DO NOTHING
                RETURNING id;
                """,
                ("$hit", hit.HitId), ("$local", localId), ("$detected", notification.DetectedAtMs), ("$basis", (long)notification.Basis),
                ("$yours", hit.YourMessageId), ("$other_sender", notification.OtherMessage.Sender), ("$other_id", hit.OtherMessageId),
                ("$readable", notification.OtherMessageReadable ? 1 : 0), ("$score", notification.Score),
                ("$kinds", string.Join(',', hit.Kinds.Select(k => ((int)k).ToString(CultureInfo.InvariantCulture)))),
                ("$releasable", notification.Releasable ? 1 : 0)) as long?;
            NodeAudit.Append(context.Connection, context.NowMs, item.Sender, NodeAuditActions.Hit, hit.YourMessageId,
                $"hit={IntelligenceIds.Format(hit.HitId)} local_id={localId}{(row is null ? " repeated: the hit is already held" : string.Empty)}");
            purged = PurgedHits.OnArrival(context, PurgedHits.Link(context.Connection, localId, hit.HitId));
            purged |= HubWithdrawals.OnArrival(context, item);
        });
        return (stored, purged);
    }

    /// <summary>Also says whether the product was purged on arrival (with any earlier copy of it): the WAL is then truncated.</summary>
    public static (StoredReceive Stored, bool PurgedOnArrival) StoreProduct(WriteContext context, ReceivedEnvelope item, ReceivedProduct received, long? cursor)
    {
        var purged = false;
        var stored = InboxTransactions.StoreReceived(context, item, cursor, localId =>
        {
            var product = received.Product;
            var row = context.Connection.Scalar(
                """
                INSERT INTO products (product_id, inbox_local_id, kind, produced_at_ms, period_start_ms, period_end_ms, sources, description)
                VALUES ($product, $local, $kind, $produced, $start, $end, $sources, $description)
                ON CONFLICT (product_id) DO NOTHING
                RETURNING id;
                """,
                ("$product", received.ProductId), ("$local", localId), ("$kind", (long)product.Kind), ("$produced", product.ProducedAtMs),
                ("$start", product.PeriodStartMs), ("$end", product.PeriodEndMs), ("$sources", product.Sources.Count),
                ("$description", received.Description)) as long?;
            NodeAudit.Append(context.Connection, context.NowMs, item.Sender, NodeAuditActions.Product, item.MessageId,
                $"product={IntelligenceIds.Format(received.ProductId)} kind={product.Kind} local_id={localId}" +
                (row is null ? " repeated: the product is already held" : string.Empty));
            // Checked on arrival: the product's recipient is this node, whose own recalls count among its sources' fates.
            purged = PurgedProducts.OnArrival(context, PurgedProducts.Record(context.Connection, localId, product), product.Recipient);
            purged |= HubWithdrawals.OnArrival(context, item);
        });
        return (stored, purged);
    }

    /// <summary>Records a release's final outcome (at the batch's time) on the hit's row with its audit entry; false when the row is gone.</summary>
    public static bool RecordRelease(WriteContext context, long hitRowId, byte[] messageId, HitRelease release, string auditDetail, string? certificate)
    {
        var changed = context.Connection.Execute(
            """
            UPDATE hits SET release_state = $state, release_at_ms = $at, release_actor = $actor, released_to = $to,
                            release_reason = $reason, release_detail = $detail
            WHERE id = $id;
            """,
            ("$id", hitRowId), ("$state", (long)release.State), ("$at", context.NowMs), ("$actor", release.Actor),
            ("$to", release.ReleasedTo), ("$reason", release.Reason), ("$detail", release.Detail));
        if (changed == 0)
        {
            return false;
        }

        NodeAudit.Append(context.Connection, context.NowMs, release.Actor!, NodeAuditActions.Release, messageId, auditDetail, certificate);
        return true;
    }
}
