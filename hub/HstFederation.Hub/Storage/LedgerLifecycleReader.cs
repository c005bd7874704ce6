using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>The lifecycle part of <see cref="HubStore.LedgerAsync"/>, on a connection inside the caller's snapshot; each read by the message's hub sequence or an order id.</summary>
internal static class LedgerLifecycleReader
{
    /// <summary>Null for a message without a lifecycle row (the hub's own, or one accepted before migration 5 that nothing has touched).</summary>
    public static LedgerLifecycle? Read(SqliteConnection connection, long hubSequence, byte[] messageId)
    {
        if (LifecycleStates.Find(connection, hubSequence) is not { } state)
        {
            return null;
        }

        var orders = Orders(connection, hubSequence, messageId);
        return new LedgerLifecycle(
            state.Version,
            connection.Scalar("SELECT lineage_reason FROM message_lifecycle WHERE hub_sequence = $hub;", ("$hub", hubSequence)) as string,
            state.Supersedes is { } older ? Version(connection, older) : null,
            state.SupersededBy is { } newer ? Version(connection, newer) : null,
            orders.Exists(order => order.Action == "restriction") ? state.Handling : null,
            state.State,
            state.PurgedAtMs,
            orders,
            Withdrawn(connection, hubSequence));
    }

    private static LedgerVersion Version(SqliteConnection connection, long hubSequence) =>
        connection.Query(
            "SELECT m.message_id, l.version FROM messages m JOIN message_lifecycle l ON l.hub_sequence = m.hub_sequence WHERE m.hub_sequence = $hub;",
            reader => reader.Read()
                ? new LedgerVersion(hubSequence, (byte[])reader[0], reader.GetInt32(1))
                : throw new InvalidOperationException("A version of the chain has no lifecycle row."),
            ("$hub", hubSequence));

    /// <summary>Through lifecycle_orders_by_message; the terms come from the signed order the hub keeps as evidence.</summary>
    private static List<LedgerOrder> Orders(SqliteConnection connection, long hubSequence, byte[] messageId)
    {
        var orders = connection.Query(
            "SELECT order_id, action, issuer, accepted_at_ms, signed_order FROM lifecycle_orders WHERE hub_sequence = $hub ORDER BY accepted_at_ms, order_id;",
            reader =>
            {
                var rows = new List<(byte[] Id, string Action, string Issuer, long At, LifecycleOrder Order)>();
                while (reader.Read())
                {
                    var order = LifecycleOrder.Parser.ParseFrom(SignedStatement.Parser.ParseFrom((byte[])reader[4]).Statement);
                    rows.Add(((byte[])reader[0], reader.GetString(1), reader.GetString(2), reader.GetInt64(3), order));
                }

                return rows;
            },
            ("$hub", hubSequence));
        return orders.ConvertAll(row => new LedgerOrder(row.Id, row.Action, row.Issuer, row.At, Terms(row.Order), Holders(connection, row.Id, messageId)));
    }

    private static LedgerOrderTerms Terms(LifecycleOrder order) => order.ActionCase switch
    {
        LifecycleOrder.ActionOneofCase.Recall => new(order.Recall.Reason.ToString(), order.Recall.Note, null, [], null, null),
        LifecycleOrder.ActionOneofCase.Restriction => new(
            null, order.Restriction.Note, order.Restriction.Code == HandlingCode.Unspecified ? null : order.Restriction.Code, [.. order.Restriction.ExcludeMembers], null, null),
        LifecycleOrder.ActionOneofCase.Extension => new(null, null, null, [], order.Extension.RetainUntilMs, order.Extension.Justification),
        LifecycleOrder.ActionOneofCase.Lapse => new(null, order.Lapse.Note, null, [], null, null),
        LifecycleOrder.ActionOneofCase.Expiry => new(null, null, null, [], order.Expiry.RetainUntilMs, null),
        _ => new(null, null, null, [], null, null),
    };

    private static List<LedgerOrderHolder> Holders(SqliteConnection connection, byte[] orderId, byte[] messageId)
    {
        var holders = connection.Query(
            "SELECT holder, forwarded_copy, expected, cursor, outcome, confirmed_at_ms FROM lifecycle_holders WHERE order_id = $order ORDER BY holder;",
            reader =>
            {
                var rows = new List<LedgerOrderHolder>();
                while (reader.Read())
                {
                    rows.Add(new LedgerOrderHolder(
                        reader.GetString(0), reader.GetBoolean(1), (LifecycleOutcome)reader.GetInt64(2), reader.GetInt64(3), null,
                        reader.IsDBNull(4) ? null : (LifecycleOutcome)reader.GetInt64(4), LedgerReader.Nullable(reader, 5)));
                }

                return rows;
            },
            ("$order", orderId));
        if (holders.Count == 0)
        {
            return holders;
        }

        var after = OrderAuditSeq(connection, orderId, messageId);
        return holders.ConvertAll(holder => holder with { DeliveredAtMs = DeliveredAt(connection, holder.Holder, holder.Cursor, after) });
    }

    /// <summary>The order's own audit entry ("order=…", through audit_by_message): its holders' pages can only come after it.</summary>
    private static long OrderAuditSeq(SqliteConnection connection, byte[] orderId, byte[] messageId) =>
        connection.Scalar(
            "SELECT min(seq) FROM audit WHERE message_id = $id AND action = 'lifecycle' AND detail LIKE $order;",
            ("$id", messageId),
            ("$order", "order=" + Convert.ToHexStringLower(orderId) + " %")) as long? ?? 0;

    /// <summary>
    /// When a page of the holder's stream carried <paramref name="cursor"/>: the first <c>deliver</c> entry of that holder
    /// after the order's own entry that covers it (<see cref="DeliverPages"/>); the stream never skips a lifecycle order.
    /// </summary>
    private static long? DeliveredAt(SqliteConnection connection, string holder, long cursor, long afterSeq) =>
        DeliverPages.FirstCovering(connection, holder, cursor, afterSeq);

    private static List<LedgerWithdrawal> Withdrawn(SqliteConnection connection, long hubSequence) =>
        connection.Query(
            """
            SELECT recipient, cursor, withdrawn_at_ms, acked_at_ms FROM deliveries
            WHERE hub_sequence = $hub AND kind = 1 AND withdrawn_at_ms IS NOT NULL ORDER BY cursor;
            """,
            reader =>
            {
                var rows = new List<LedgerWithdrawal>();
                while (reader.Read())
                {
                    rows.Add(new LedgerWithdrawal(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), LedgerReader.Nullable(reader, 3)));
                }

                return rows;
            },
            ("$hub", hubSequence));
}
