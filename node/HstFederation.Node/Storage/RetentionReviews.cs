using HstFederation.Node.Audit;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>
/// The hub's retention reviews of this node's messages (docs/lifecycle.md §5), inside the writer's transaction: stored
/// with the hub-signed envelope as an inbox row (as hits are), pending until this node extends the message or lets it
/// lapse, which records the decision on every pending review of it.
/// </summary>
internal static class RetentionReviews
{
    public const string Extended = "extended";
    public const string Lapsed = "lapsed";

    public static StoredReceive Store(WriteContext context, ReceivedEnvelope item, RetentionReview review, long? cursor) =>
        InboxTransactions.StoreReceived(context, item, cursor, localId =>
        {
            context.Connection.Execute(
                """
                INSERT INTO retention_reviews (inbox_local_id, message_id, header_hash, retain_until_ms, requested_at_ms, holders)
                VALUES ($local, $message, $header, $until, $requested, $holders)
                ON CONFLICT (inbox_local_id) DO NOTHING;
                """,
                ("$local", localId), ("$message", review.MessageId.ToByteArray()), ("$header", review.HeaderSha256.ToByteArray()),
                ("$until", review.RetainUntilMs), ("$requested", review.RequestedAtMs), ("$holders", (long)review.Holders));
            NodeAudit.Append(context.Connection, context.NowMs, item.Sender, NodeAuditActions.RetentionReview, review.MessageId.ToByteArray(),
                $"local_id={localId} retain_until_ms={review.RetainUntilMs} holders={review.Holders}");
        });

    public static void Decide(WriteContext context, byte[] messageId, string decision) =>
        context.Connection.Execute(
            "UPDATE retention_reviews SET decision = $decision, decided_at_ms = $now WHERE message_id = $id AND decision IS NULL;",
            ("$decision", decision), ("$now", context.NowMs), ("$id", messageId));
}
