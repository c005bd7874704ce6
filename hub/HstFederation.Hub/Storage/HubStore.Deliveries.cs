using HstFederation.Protocol.Identities;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

internal sealed partial class HubStore
{
    /// <summary>Deliveries for <paramref name="recipient"/> after <paramref name="afterCursor"/>, at most <paramref name="max"/>.</summary>
    public Task<IReadOnlyList<StoredDelivery>> ReadDeliveriesAsync(
        PartyId recipient, long afterCursor, int max, CancellationToken cancellationToken = default) =>
        ReadDeliveriesAsync(recipient, afterCursor, max, long.MaxValue, cancellationToken);

    /// <summary>
    /// Deliveries for <paramref name="recipient"/> with a cursor above <paramref name="afterCursor"/>, in
    /// cursor order, except envelopes of recalled or expired messages (withdrawn: their bytes are gone) (an envelope the hub forwarded on a release is read from <c>forwards</c>, the rest from the message row), acknowledged or not (resume = read from the last cursor the subscriber stored).
    /// A relayed confirmation of an order the hub issued (an expiry) carries that order (<see cref="StoredDelivery.HubOrder"/>). At most
    /// <paramref name="max"/> items, and no more once <paramref name="maxBytes"/> of payload were read (always
    /// at least one). Runs on a read connection; never waits for the writer.
    /// </summary>
    public Task<IReadOnlyList<StoredDelivery>> ReadDeliveriesAsync(
        PartyId recipient, long afterCursor, int max, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        cancellationToken.ThrowIfCancellationRequested();

        // Once per page of every stream: on a kept-open connection whose statement is compiled already.
        return Task.FromResult(Database.Readers.Use(connection => ReadPage(
            connection, NextDeliveriesSql, recipient, maxBytes, ("$after", afterCursor), ("$max", max))));
    }

    /// <summary>
    /// The lowest cursor of <paramref name="recipient"/>'s deliveries at most <paramref name="throughCursor"/> never acknowledged
    /// nor withdrawn, or null: where a stream sending them again after a restore starts (<see cref="ReadUnacknowledgedAsync"/>).
    /// One read of the unacknowledged backlog per such stream, not per page.
    /// </summary>
    public long? FirstUnacknowledgedCursor(PartyId recipient, long throughCursor) =>
        Database.Readers.Use(connection => connection.Scalar(
            FirstUnacknowledgedSql, ("$recipient", recipient.Uri), ("$through", throughCursor)) as long?);

    /// <summary>
    /// <paramref name="recipient"/>'s deliveries above <paramref name="afterCursor"/> and at most <paramref name="throughCursor"/>
    /// that were never acknowledged nor withdrawn, in cursor order, paged as <see cref="ReadDeliveriesAsync(PartyId, long, int, long, CancellationToken)"/>
    /// is: what a stream sends again below a cursor handed out before a restore (<see cref="CursorFromLastRestore"/>).
    /// </summary>
    public Task<IReadOnlyList<StoredDelivery>> ReadUnacknowledgedAsync(
        PartyId recipient, long afterCursor, long throughCursor, int max, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Database.Readers.Use(connection => ReadPage(
            connection, UnacknowledgedSql, recipient, maxBytes, ("$after", afterCursor), ("$through", throughCursor), ("$max", max))));
    }

    /// <summary>
    /// The first cursor the last `hst-hub restore` of this database handed out, or null for one never restored
    /// (<see cref="RestoreFloors.LatestCursorFrom"/>). Read per Subscribe, not kept: one indexed row.
    /// </summary>
    public long? CursorFromLastRestore() => Database.Readers.Use(RestoreFloors.LatestCursorFrom);

    /// <summary>What a page reads of each delivery: the payload by kind (an envelope the hub forwarded on a release from <c>forwards</c>).</summary>
    internal const string DeliveryColumns =
        """
        SELECT d.cursor, d.kind, d.hub_sequence,
               CASE WHEN d.kind IN (2, 4) THEN coalesce((SELECT b.receipts FROM relayed_receipts b WHERE b.cursor = d.cursor), d.delivery_receipt)
                    WHEN d.kind = 3 THEN (SELECT o.signed_order FROM lifecycle_orders o WHERE o.order_id = d.order_id)
                    WHEN d.forward_id IS NULL THEN m.envelope
                    ELSE (SELECT f.envelope FROM forwards f WHERE f.forward_id = d.forward_id) END,
               d.acked_at_ms IS NOT NULL, d.batched_receipts IS NOT NULL,
               CASE WHEN d.kind = 4 THEN (SELECT o.signed_order FROM lifecycle_orders o WHERE o.order_id = d.order_id AND o.issuer = $hub) END
        """;

    private const string NextDeliveriesSql = DeliveryColumns +
        """

        FROM deliveries d JOIN messages m ON m.hub_sequence = d.hub_sequence
        WHERE d.recipient = $recipient AND d.cursor > $after AND d.withdrawn_at_ms IS NULL
        ORDER BY d.cursor
        LIMIT $max;
        """;

    /// <summary>
    /// Through <c>deliveries_unacked</c> (every member's deliveries not yet acknowledged, the backlog), named because the
    /// planner would take <c>deliveries_by_recipient</c>, which walks every delivery the member was ever sent up to its cursor.
    /// </summary>
    internal const string FirstUnacknowledgedSql =
        """
        SELECT min(d.cursor) FROM deliveries d INDEXED BY deliveries_unacked
        WHERE d.recipient = $recipient AND d.cursor <= $through AND d.acked_at_ms IS NULL AND d.withdrawn_at_ms IS NULL;
        """;

    /// <summary>
    /// A range of <c>deliveries_by_recipient</c> from the first one to send again (<see cref="FirstUnacknowledgedSql"/>):
    /// the member's own deliveries since then, each page continuing after the last, never the whole backlog again nor a sort.
    /// </summary>
    internal const string UnacknowledgedSql = DeliveryColumns +
        """

        FROM deliveries d INDEXED BY deliveries_by_recipient JOIN messages m ON m.hub_sequence = d.hub_sequence
        WHERE d.recipient = $recipient AND d.cursor > $after AND d.cursor <= $through AND d.acked_at_ms IS NULL AND d.withdrawn_at_ms IS NULL
        ORDER BY d.cursor
        LIMIT $max;
        """;

    private static IReadOnlyList<StoredDelivery> ReadPage(
        SqliteConnection connection, string sql, PartyId recipient, long maxBytes, params (string Name, object Value)[] bounds) =>
        connection.Query(
            sql,
            reader =>
            {
                var deliveries = new List<StoredDelivery>();
                long bytes = 0;
                while (bytes < maxBytes && reader.Read())
                {
                    var payload = (byte[])reader[3];
                    bytes += payload.Length;
                    deliveries.Add(new StoredDelivery(
                        reader.GetInt64(0), (DeliveryKind)reader.GetInt64(1), reader.GetInt64(2), payload, reader.GetBoolean(4), reader.GetBoolean(5),
                        reader.IsDBNull(6) ? null : (byte[])reader[6]));
                }

                return deliveries;
            },
            [("$recipient", recipient.Uri), ("$hub", PartyId.Hub.Uri), .. bounds]);

    /// <summary>
    /// The highest delivery cursor this hub ever assigned (AUTOINCREMENT's highest-ever, which no rollback, purge or
    /// deletion lowers): no member can hold a cursor above it unless this database is behind the one that gave it out.
    /// </summary>
    public long HighestCursorAssigned() =>
        Database.Readers.Use(connection => connection.Scalar("SELECT seq FROM sqlite_sequence WHERE name = 'deliveries';") as long? ?? 0);

    /// <summary>
    /// Completes when a delivery above <paramref name="afterCursor"/> was committed for
    /// <paramref name="recipient"/> since this process started (at once if one already was). A subscriber
    /// reads, sends, and when the read came back empty waits here with its last cursor, then reads again.
    /// Cancelling the token ends the wait and leaves nothing behind.
    /// </summary>
    public Task WaitForNewAsync(PartyId recipient, long afterCursor, CancellationToken cancellationToken) =>
        _signals.WaitForNewAsync(recipient, afterCursor, cancellationToken);

    /// <summary>Whether a delivery above <paramref name="afterCursor"/> was committed for <paramref name="recipient"/> since this process started.</summary>
    public bool HasNewDeliveries(PartyId recipient, long afterCursor) => _signals.HasNewer(recipient, afterCursor);

    /// <summary>
    /// Acknowledges deliveries of <paramref name="recipient"/>, all or nothing: an unknown cursor, or one of
    /// another recipient, refuses the batch (UnknownCursor), as does an envelope delivery without a
    /// delivery receipt (ReceiptRequired). Acknowledging again is harmless. Each envelope delivery newly
    /// acknowledged stores its receipt and relays it once to the envelope's sender, in one batch per sender and call.
    /// The writer runs it after the submissions and stream entries of its batch (<see cref="HubStoreOptions.AcknowledgementBudget"/>).
    /// </summary>
    public Task<AcknowledgeResult> AcknowledgeAsync(
        PartyId recipient, IReadOnlyList<DeliveryAck> acks, CancellationToken cancellationToken = default) =>
        AcknowledgeAsync(recipient, acks, null, cancellationToken);

    /// <inheritdoc cref="AcknowledgeAsync(PartyId, IReadOnlyList{DeliveryAck}, CancellationToken)"/>
    /// <param name="certificate">The serial of the TLS client certificate the call came through, on its audit entries.</param>
    public Task<AcknowledgeResult> AcknowledgeAsync(
        PartyId recipient, IReadOnlyList<DeliveryAck> acks, string? certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acks);
        return acks.Count == 0
            ? Task.FromResult(AcknowledgeResult.Success(0, 0))
            : _writer.RunDeferrableAsync(context => AcknowledgeTransaction.Execute(context, recipient, acks.ToArray(), certificate), cancellationToken);
    }
}
