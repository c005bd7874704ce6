using Google.Protobuf;
using WriteContext = HstFederation.Hub.Storage.WriteContext;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Lifecycle;

/// <summary>
/// One verified lifecycle order inside the writer's transaction (docs/lifecycle.md §3–4): idempotency by order id, the
/// checks that depend on the message's state, then <see cref="Apply"/> — the order stored, the hub's copies dealt with,
/// one kind-3 delivery per holder queued, the receipt signed and the entry audited. A refusal writes only its audit entry.
/// </summary>
internal static class LifecycleTransaction
{
    /// <summary>The order's issuer has been checked to be the caller (or the hub, for an expiry the hub issues itself).</summary>
    /// <param name="certificate">The serial of the TLS client certificate the caller's call came through, on the entries it writes.</param>
    public static LifecycleDecision Execute(
        WriteContext context, SignedStatement order, LifecycleOrder parsed, HandlingPolicy policy, PartyCredentials hub, string? certificate = null)
    {
        var connection = context.Connection;
        var orderId = parsed.OrderId.ToByteArray();
        var actor = parsed.Issuer;
        var known = connection.Query(
            "SELECT order_sha256, receipt FROM lifecycle_orders WHERE order_id = $id;",
            reader => reader.Read() ? ((byte[])reader[0], (byte[])reader[1]) : default((byte[] Sha256, byte[] Receipt)?),
            ("$id", orderId));
        if (known is { } original)
        {
            if (!original.Sha256.AsSpan().SequenceEqual(LifecycleOrders.Sha256(order)))
            {
                return Refuse(context, actor, certificate, parsed, RejectionReason.LifecycleOrderInvalid, "this order_id was used by another order");
            }

            HubAudit.Append(connection, context.NowMs, actor, AuditActions.Duplicate, parsed.MessageId.ToByteArray(), $"order={Hex(orderId)}", certificate);
            return LifecycleDecision.Accepted(original.Receipt, duplicate: true);
        }

        var stored = LifecycleStates.FindById(connection, parsed.MessageId.ToByteArray());
        if (stored.Count == 0)
        {
            return Refuse(context, actor, certificate, parsed, RejectionReason.MessageUnknown, "the hub holds no message with this id");
        }

        if (stored.FindIndex(m => m.Sender == parsed.Source) is var index && index < 0)
        {
            return Refuse(context, actor, certificate, parsed, RejectionReason.NotSource, $"{parsed.Source} did not send this message");
        }

        var message = LifecycleStates.Ensure(connection, stored[index].HubSequence);
        if (!message.HeaderSha256.AsSpan().SequenceEqual(parsed.HeaderSha256.Span))
        {
            return Refuse(context, actor, certificate, parsed, RejectionReason.MessageUnknown, "header_sha256 is not the stored message's");
        }

        if (message.IsWithdrawn)
        {
            return Refuse(context, actor, certificate, parsed, RejectionReason.MessageWithdrawn, $"the message was {message.State.ToString().ToLowerInvariant()}");
        }

        if (parsed.ActionCase == LifecycleOrder.ActionOneofCase.Restriction
            && parsed.Restriction.Code != HandlingCode.Unspecified
            && !LifecycleRules.IsAtLeastAsStrict(message.Handling.Code, parsed.Restriction.Code))
        {
            return Refuse(context, actor, certificate, parsed, RejectionReason.RestrictionLoosens, $"{parsed.Restriction.Code} is less strict than {message.Handling.Code}");
        }

        if (parsed.ActionCase == LifecycleOrder.ActionOneofCase.Extension && parsed.Extension.RetainUntilMs <= message.RetainUntilMs)
        {
            return Refuse(context, actor, certificate, parsed, RejectionReason.RetentionInvalid, "the new retention date is not later than the current one");
        }

        return Apply(context, message, order, parsed, policy, hub, certificate);
    }

    /// <summary>
    /// Applies a checked order to <paramref name="message"/>: the internal entry point for orders the hub issues itself
    /// (an expiry, no <paramref name="certificate"/>) as well as the source's. Returns the signed receipt.
    /// </summary>
    public static LifecycleDecision Apply(
        WriteContext context, LifecycleState message, SignedStatement order, LifecycleOrder parsed, HandlingPolicy policy, PartyCredentials hub,
        string? certificate = null)
    {
        var connection = context.Connection;
        var effective = message.Handling;
        switch (parsed.ActionCase)
        {
            case LifecycleOrder.ActionOneofCase.Recall:
            case LifecycleOrder.ActionOneofCase.Expiry:
                LifecycleStates.SetState(connection, message.HubSequence,
                    parsed.ActionCase == LifecycleOrder.ActionOneofCase.Recall ? MessageState.Recalled : MessageState.Expired);
                HubCopies.Purge(context, message.HubSequence);
                break;
            case LifecycleOrder.ActionOneofCase.Restriction:
                effective = LifecycleRules.Apply(message.Handling, parsed.Restriction);
                LifecycleStates.SetHandling(connection, message.HubSequence, effective);
                RestrictedDeliveries.Withdraw(context, message.HubSequence, effective, policy);
                RestrictedForwards.Purge(context, message.HubSequence, effective, policy);
                RestrictedNotifications.Withdraw(context, message.HubSequence, message.Sender, effective);
                RestrictedProducts.Purge(context, message.HubSequence, message.Sender, effective, policy);

                // The hub's own copy and its derived data stay: a restriction changes the code and the exclusions, never
                // whether the hub may read (LifecycleRules.Apply), and the hub is never an excluded member. Only what the
                // hub holds for holders it no longer lets keep the message goes: their forwarded envelopes
                // (RestrictedForwards) and the products built for them from it (RestrictedProducts).
                break;
            case LifecycleOrder.ActionOneofCase.Extension:
                LifecycleStates.SetRetainUntil(connection, message.HubSequence, parsed.Extension.RetainUntilMs);
                break;
        }

        // An extension or a lapse answers the retention review of the date in force (hubret, migration 6).
        RetentionRows.Decide(context, message.HubSequence, message.RetainUntilMs, parsed);

        // A lapse changes nothing for the holders until the date: it is recorded, not relayed.
        var holders = parsed.ActionCase == LifecycleOrder.ActionOneofCase.Lapse ? [] : LifecycleHolder.Of(connection, message.HubSequence);
        var orderId = parsed.OrderId.ToByteArray();
        var orderSha256 = LifecycleOrders.Sha256(order);
        var receipt = SignedStatements.Sign(
            new LifecycleReceipt
            {
                Version = LifecycleOrders.CurrentVersion,
                OrderId = parsed.OrderId,
                OrderSha256 = ByteString.CopyFrom(orderSha256),
                MessageId = parsed.MessageId,
                AcceptedAtMs = context.NowMs,
                Holders = { holders.Select(h => h.Party.Uri) },
            },
            StatementKind.LifecycleReceipt,
            hub).ToByteArray();
        connection.Execute(
            """
            INSERT INTO lifecycle_orders (order_id, hub_sequence, action, issuer, signed_order, order_sha256, receipt, accepted_at_ms)
            VALUES ($id, $hub, $action, $issuer, $order, $sha, $receipt, $now);
            """,
            ("$id", orderId),
            ("$hub", message.HubSequence),
            ("$action", LifecycleOrders.ActionName(parsed)),
            ("$issuer", parsed.Issuer),
            ("$order", order.ToByteArray()),
            ("$sha", orderSha256),
            ("$receipt", receipt),
            ("$now", context.NowMs));
        foreach (var holder in holders)
        {
            var keeps = !LifecycleOrders.PurgesEveryCopy(parsed) && LifecycleRules.MayKeep(effective, holder.Party, holder.ForwardedCopy, policy);
            HolderOrders.Queue(context, message.HubSequence, orderId, holder, keeps ? LifecycleOutcome.Applied : LifecycleOutcome.Purged);
        }

        HubAudit.Append(connection, context.NowMs, parsed.Issuer, AuditActions.Lifecycle, message.MessageId,
            $"order={Hex(orderId)} action={LifecycleOrders.ActionName(parsed)} hub_sequence={message.HubSequence} holders={holders.Count}", certificate);
        return LifecycleDecision.Accepted(receipt, duplicate: false);
    }

    private static LifecycleDecision Refuse(WriteContext context, string actor, string? certificate, LifecycleOrder parsed, RejectionReason reason, string detail)
    {
        HubAudit.Append(context.Connection, context.NowMs, actor, AuditActions.Reject, parsed.MessageId.ToByteArray(), reason.ToString(), certificate);
        return LifecycleDecision.Refused(reason, detail);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
