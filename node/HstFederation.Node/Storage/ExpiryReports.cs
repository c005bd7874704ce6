using HstFederation.Node.Audit;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>
/// The hub's expiry reports of this node's messages (docs/lifecycle.md §5), inside the writer's transaction: stored with
/// the hub-signed envelope as an inbox row (as retention reviews are), with one row per recipient that never
/// acknowledged. A redelivery of the same envelope is a repeat of the inbox row and writes nothing more.
/// </summary>
internal static class ExpiryReports
{
    public static StoredReceive Store(WriteContext context, ReceivedEnvelope item, ExpiryReport report, long? cursor) =>
        InboxTransactions.StoreReceived(context, item, cursor, localId =>
        {
            var connection = context.Connection;
            var id = (long)connection.Scalar(
                """
                INSERT INTO expiry_reports (inbox_local_id, message_id, header_hash, expiry_order_id, retain_until_ms, expired_at_ms)
                VALUES ($local, $message, $header, $order, $until, $expired) RETURNING id;
                """,
                ("$local", localId), ("$message", report.MessageId.ToByteArray()), ("$header", report.HeaderSha256.ToByteArray()),
                ("$order", report.ExpiryOrderId.ToByteArray()), ("$until", report.RetainUntilMs), ("$expired", report.ExpiredAtMs))!;
            foreach (var copy in report.Undelivered)
            {
                connection.Execute(
                    """
                    INSERT INTO expiry_report_recipients (report_id, recipient, forwarded_copy, queued_at_ms, first_streamed_at_ms)
                    VALUES ($report, $recipient, $forwarded, $queued, $streamed);
                    """,
                    ("$report", id), ("$recipient", copy.Recipient), ("$forwarded", copy.ForwardedCopy ? 1 : 0), ("$queued", copy.QueuedAtMs),
                    ("$streamed", copy.FirstStreamedAtMs == 0 ? null : copy.FirstStreamedAtMs));
            }

            NodeAudit.Append(connection, context.NowMs, item.Sender, NodeAuditActions.ExpiryReport, report.MessageId.ToByteArray(),
                $"local_id={localId} expired_at_ms={report.ExpiredAtMs} undelivered={string.Join(",", report.Undelivered.Select(c => c.Recipient))}");
        });
}
