using Google.Protobuf;
using HstFederation.Node.Audit;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>
/// A holder applying its source's lifecycle orders inside the writer's transaction (docs/lifecycle.md §3-4): the checks
/// that need what this node stores (the order's source sent the copy held here, the header hash matches, an expiry is
/// not early), then the effect, the tombstone, the signed confirmation and the audit entry in one commit. A refusal
/// writes nothing. An order already applied is answered with the confirmation stored for it.
/// </summary>
internal static class LifecycleTransactions
{
    public static AppliedOrder Apply(WriteContext context, IncomingOrder incoming)
    {
        var connection = context.Connection;
        var order = incoming.Order;
        if (Stored(context, order.OrderId.ToByteArray()) is { } repeat)
        {
            return repeat;
        }

        var copies = LifecycleReader.HeldCopies(connection, order.MessageId.ToByteArray());
        var copy = copies.FirstOrDefault(c => c.Sender == order.Source);
        if (copy is null && copies.Count > 0)
        {
            return AppliedOrder.Refused(RejectionReason.NotSource,
                $"the order's source {order.Source} did not send the message this node holds (sent by {copies[0].Sender})");
        }

        if (copy is not null && !copy.HeaderHash.AsSpan().SequenceEqual(order.HeaderSha256.Span))
        {
            return AppliedOrder.Refused(RejectionReason.MessageUnknown, "the order's header hash is not that of the message this node holds");
        }

        var decided = copy is null || copy.IsPurged ? Withdrawn(context, incoming, copy) : Decide(context, incoming, copy);
        if (decided.IsRefused)
        {
            return decided;
        }

        var confirmation = incoming.Confirm(decided.Outcome, context.NowMs);
        connection.Execute(
            """
            INSERT INTO lifecycle_orders_received (order_id, source, message_id, action, order_statement, outcome, confirmation, applied_at_ms)
            VALUES ($order, $source, $message, $action, $statement, $outcome, $confirmation, $now);
            """,
            ("$order", order.OrderId.ToByteArray()), ("$source", order.Source), ("$message", order.MessageId.ToByteArray()),
            ("$action", LifecycleOrders.ActionName(order)), ("$statement", incoming.Signed.ToByteArray()), ("$outcome", (int)decided.Outcome),
            ("$confirmation", confirmation.ToByteArray()), ("$now", context.NowMs));
        NodeAudit.Append(connection, context.NowMs, order.Issuer, NodeAuditActions.LifecycleApplied, order.MessageId.ToByteArray(),
            $"order_id={Convert.ToHexStringLower(order.OrderId.Span)} action={LifecycleOrders.ActionName(order)} outcome={decided.Outcome}");
        return decided with { Confirmation = confirmation };
    }

    /// <summary>Whether a tombstone names a message this node never stored: a later envelope of it is not kept.</summary>
    public static bool IsTombstonedAndNotHeld(Microsoft.Data.Sqlite.SqliteConnection connection, string sender, byte[] messageId) =>
        connection.Scalar(
            "SELECT 1 FROM tombstones WHERE sender = $sender AND message_id = $id AND box IS NULL;", ("$sender", sender), ("$id", messageId)) is not null;

    /// <summary>
    /// Records what remains of a purged (or never held) message. A second cause for the same message keeps the first
    /// and only adds the order as evidence where there was none (the hub's expiry after this node's own sweep).
    /// </summary>
    public static void Tombstone(
        WriteContext context, string sender, byte[] messageId, byte[] headerHash, MessageBox? box, long? localId, string cause,
        LifecycleOutcome outcome, byte[]? orderId, byte[]? orderStatement)
    {
        context.Connection.Execute(
            """
            INSERT INTO tombstones (sender, message_id, header_hash, box, local_id, cause, order_id, order_statement, outcome, purged_at_ms)
            VALUES ($sender, $id, $hash, $box, $local, $cause, $order, $statement, $outcome, $now)
            ON CONFLICT (sender, message_id) DO UPDATE SET
                order_id = COALESCE(order_id, excluded.order_id),
                order_statement = COALESCE(order_statement, excluded.order_statement);
            """,
            ("$sender", sender), ("$id", messageId), ("$hash", headerHash), ("$box", box?.ToStorage()), ("$local", localId),
            ("$cause", cause), ("$order", orderId), ("$statement", orderStatement), ("$outcome", (int)outcome), ("$now", context.NowMs));
    }

    private static AppliedOrder? Stored(WriteContext context, byte[] orderId)
    {
        using var command = context.Connection.Command(
            "SELECT outcome, confirmation FROM lifecycle_orders_received WHERE order_id = $order;", ("$order", orderId));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new AppliedOrder(SignedStatement.Parser.ParseFrom((byte[])reader[1]), (LifecycleOutcome)reader.GetInt32(0), RejectionReason.Unspecified, null)
            : null;
    }

    /// <summary>Nothing to apply: never stored here (a recall or expiry still leaves a tombstone), or purged already.</summary>
    private static AppliedOrder Withdrawn(WriteContext context, IncomingOrder incoming, HeldCopy? copy)
    {
        var order = incoming.Order;
        if (LifecycleOrders.PurgesEveryCopy(order) && copy is null)
        {
            // Never held here, but a hit may have named it, or a product listed it (stored before its copy arrived): what
            // they said about it goes (PurgedHits, PurgedProducts).
            PurgedHits.Other(context, order.Source, order.MessageId.ToByteArray(), Cause(order));
            PurgedProducts.Purge(context, order.Source, order.MessageId.ToByteArray(), Cause(order));
        }

        if (LifecycleOrders.PurgesEveryCopy(order) || copy is not null)
        {
            Tombstone(context, order.Source, order.MessageId.ToByteArray(), order.HeaderSha256.ToByteArray(),
                copy is null ? null : MessageBox.Inbox, copy?.LocalId, Cause(order), copy is null ? LifecycleOutcome.NotHeld : LifecycleOutcome.Purged,
                order.OrderId.ToByteArray(), incoming.Signed.ToByteArray());
        }

        return Outcome(copy is null ? LifecycleOutcome.NotHeld : LifecycleOutcome.Purged);
    }

    private static AppliedOrder Decide(WriteContext context, IncomingOrder incoming, HeldCopy copy)
    {
        var order = incoming.Order;
        switch (order.ActionCase)
        {
            case LifecycleOrder.ActionOneofCase.Expiry:
                var retainUntil = copy.RetainUntilMs ?? StoredHeaders.RetainUntilMs(StoredHeaders.Header(copy.Envelope));
                if (retainUntil is null || retainUntil.Value > context.NowMs + (long)incoming.ClockSkew.TotalMilliseconds)
                {
                    return AppliedOrder.Refused(RejectionReason.LifecycleOrderInvalid,
                        $"an expiry before the retention date this node holds ({retainUntil?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} ms)");
                }

                return PurgeWithTombstone(context, incoming, copy);
            case LifecycleOrder.ActionOneofCase.Recall:
                return PurgeWithTombstone(context, incoming, copy);
            case LifecycleOrder.ActionOneofCase.Restriction:
                return Restrict(context, incoming, copy);
            case LifecycleOrder.ActionOneofCase.Extension:
                context.Connection.Execute(
                    "UPDATE inbox SET retain_until_ms = $until WHERE local_id = $local;",
                    ("$until", order.Extension.RetainUntilMs), ("$local", copy.LocalId));
                return Outcome(LifecycleOutcome.Applied);
            default:
                // A lapse changes nothing for a holder until the date (the hub does not relay it).
                return Outcome(LifecycleOutcome.Applied);
        }
    }

    private static AppliedOrder Restrict(WriteContext context, IncomingOrder incoming, HeldCopy copy)
    {
        var restriction = incoming.Order.Restriction;
        var header = StoredHeaders.Header(copy.Envelope);
        var current = copy.EffectiveHandling is { } stored ? Handling.Parser.ParseFrom(stored) : header.Handling;
        if (restriction.Code != HandlingCode.Unspecified && !LifecycleRules.IsAtLeastAsStrict(current.Code, restriction.Code))
        {
            return AppliedOrder.Refused(RejectionReason.RestrictionLoosens, $"{restriction.Code} is less strict than the handling in force ({current.Code})");
        }

        var next = LifecycleRules.Apply(current, restriction);
        var forwardedCopy = header.Recipients.All(r => r.Party != incoming.Me.Uri);
        if (!LifecycleRules.MayKeep(next, incoming.Me, forwardedCopy, incoming.Policy))
        {
            return PurgeWithTombstone(context, incoming, copy);
        }

        context.Connection.Execute(
            "UPDATE inbox SET effective_handling = $handling WHERE local_id = $local;", ("$handling", next.ToByteArray()), ("$local", copy.LocalId));
        // The summary follows in the same commit: lists, search and agency scopes filter on the handling in force.
        Search.MessageIndexWriter.SetHandling(context.Connection, MessageBox.Inbox, copy.LocalId, next);
        return Outcome(LifecycleOutcome.Applied);
    }

    private static AppliedOrder PurgeWithTombstone(WriteContext context, IncomingOrder incoming, HeldCopy copy)
    {
        var order = incoming.Order;
        LifecyclePurge.Purge(context, MessageBox.Inbox, copy.LocalId, copy.Sender, Cause(order));
        Tombstone(context, copy.Sender, order.MessageId.ToByteArray(), copy.HeaderHash, MessageBox.Inbox, copy.LocalId, Cause(order),
            LifecycleOutcome.Purged, order.OrderId.ToByteArray(), incoming.Signed.ToByteArray());
        return Outcome(LifecycleOutcome.Purged);
    }

    private static string Cause(LifecycleOrder order) => order.ActionCase switch
    {
        LifecycleOrder.ActionOneofCase.Expiry => LifecyclePurge.Expired,
        LifecycleOrder.ActionOneofCase.Restriction => LifecyclePurge.Restricted,
        _ => LifecyclePurge.Recalled,
    };

    /// <summary>Decided, not yet confirmed: <see cref="Apply"/> signs the confirmation once the outcome is written.</summary>
    private static AppliedOrder Outcome(LifecycleOutcome outcome) => new(null, outcome, RejectionReason.Unspecified, null);
}
