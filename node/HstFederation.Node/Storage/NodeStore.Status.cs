using HstFederation.Node.Intelligence;
using HstFederation.Protocol.Identities;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

internal sealed partial class NodeStore
{
    private static readonly (string, object?)[] ClockReasonParameters = [.. ClockRefusals.Reasons.Select((r, i) => ($"$r{i}", (object?)r))];

    private static readonly string RefusedForTimeRows =
        $"FROM outbox WHERE state = 3 AND reject_reason IN ({string.Join(", ", ClockReasonParameters.Select(p => p.Item1))});";

    /// <summary>Queue depths and latest activity, read on one snapshot (a read transaction).</summary>
    public Task<StoreStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();
        using var transaction = connection.BeginTransaction(deferred: true);
        long Count(string sql) => (long)connection.Scalar(sql)!;
        long? Latest(string sql) => connection.Scalar(sql) is long value ? value : null;
        var status = new StoreStatus(
            Queued: Count("SELECT COUNT(*) FROM outbox WHERE state = 1;"),
            Accepted: Count("SELECT COUNT(*) FROM outbox WHERE state = 2;"),
            Rejected: Count("SELECT COUNT(*) FROM outbox WHERE state = 3;"),
            AwaitingDeliveryReceipts: Count("""
                SELECT COUNT(*) FROM outbox o JOIN outbox_addressees a ON a.local_id = o.local_id
                WHERE o.state = 2 AND NOT EXISTS (SELECT 1 FROM outbox_deliveries d WHERE d.local_id = a.local_id AND d.recipient = a.addressee);
                """),
            Inbox: Count("SELECT COUNT(*) FROM inbox;"),
            InboxKinds: InboxKinds(connection),
            // Products the open-time catch-up could not record (docs/intelligence.md): no purge of a source reaches them.
            UnrecordedProducts: (long)connection.Scalar(
                $"SELECT COUNT(*) FROM inbox i WHERE i.content_type = $type AND {PurgedProducts.UnrecordedCopy};",
                ("$type", HubContent.AnalyticalProductType))!,
            // Open ones: an operator's resolution (migration 18) takes one out of the count, and out of the exit code.
            Quarantined: Count("SELECT COUNT(*) FROM quarantine WHERE resolved_at_ms IS NULL;"),
            Alarms: Count("SELECT COUNT(*) FROM alarms WHERE resolved_at_ms IS NULL;"),
            // Numbers the hub declared withdrawn that never arrived here: the hub's word alone, which the operator should see.
            WithdrawnNeverReceived: (long)connection.Scalar(
                "SELECT COUNT(*) FROM hub_withdrawn w WHERE NOT EXISTS (SELECT 1 FROM inbox i WHERE i.sender = $hub AND i.message_id = w.message_id);",
                ("$hub", PartyId.Hub.Uri))!,
            Cursor: Count("SELECT cursor FROM hub_cursor WHERE id = 1;"),
            LastAcceptedAtMs: Latest("SELECT MAX(state_at_ms) FROM outbox WHERE state = 2;"),
            LastReceivedAtMs: Latest("SELECT MAX(received_at_ms) FROM inbox;"),
            LastDeliveryReceiptAtMs: Latest("SELECT MAX(received_at_ms) FROM outbox_deliveries;"),
            RefusedForTime: (long)connection.Scalar($"SELECT COUNT(*) {RefusedForTimeRows}", ClockReasonParameters)!,
            LastRefusedForTimeAtMs: connection.Scalar($"SELECT MAX(state_at_ms) {RefusedForTimeRows}", ClockReasonParameters) as long?);
        transaction.Commit();
        return Task.FromResult(status);
    }

    /// <summary>One grouped scan of the inbox: the status line says what its total counts, not just "messages".</summary>
    private static InboxCounts InboxKinds(SqliteConnection connection) => connection.Query(
        """
        SELECT COALESCE(SUM(content_type = 'hst.v1.HstMessage' AND purged_at_ms IS NULL), 0),
               COALESCE(SUM(content_type = 'hst.v1.HstMessage' AND purged_at_ms IS NOT NULL), 0),
               COALESCE(SUM(content_type = $hit), 0), COALESCE(SUM(content_type = $product), 0),
               COALESCE(SUM(content_type NOT IN ('hst.v1.HstMessage', $hit, $product)), 0)
        FROM inbox;
        """,
        reader =>
        {
            reader.Read();
            return new InboxCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        },
        ("$hit", HubContent.HitNotificationType), ("$product", HubContent.AnalyticalProductType));
}
