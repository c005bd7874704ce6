using System.Security.Cryptography;
using HstFederation.Node.Audit;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>
/// Recalls of a version sealed for the hub that the hub has not answered yet (`hst-node recall` during an outage). Such a
/// recall is signed when the operator asks (everything it signs, the sealed header above all, is known once the version
/// is sealed) and stored in the order outbox as any order, state 1; what makes it pending is only that its version is not
/// accepted: the order sender takes an order once the hub's acceptance of its version is recorded
/// (<see cref="OrderOutboxTransactions.Queued"/>). So nothing moves on acceptance, and a restart in between sends it as any
/// queued order. If the hub refuses the version instead, the message never left this node: the transaction that records
/// the refusal drops its pending recalls (refused as <see cref="Reason"/>), audited. The enqueue, the acceptance and the
/// refusal all run on the node's single writer, so each sees the others wholly done or not begun: a recall is never
/// stored for a version already refused, nor left waiting on one refused after it was stored.
/// </summary>
internal static class PendingRecalls
{
    /// <summary>The refusal reason of a recall dropped because the hub refused its message (never the hub's own).</summary>
    public const string Reason = "MessageRefused";

    /// <summary>
    /// The refusal reason of a recall dropped because this node's retention sweep purged its message, still sealed and
    /// unanswered, at its retention date: nothing is left to send, and the hub expires any copy it holds at the same date.
    /// </summary>
    public const string ExpiredReason = "MessageExpired";

    /// <summary>
    /// In the enqueue's transaction: false when the order can go now (its version is accepted), true when it waits for the
    /// hub's answer (a recall of a version still sealed with the header the order is bound to). Otherwise throws
    /// <see cref="OrderRefusedException"/>: the version changed since the command read it, and the order must not be stored.
    /// </summary>
    public static bool Waits(WriteContext context, long localId, string action, byte[] statement)
    {
        using var command = context.Connection.Command(
            "SELECT state, envelope, reject_reason FROM outbox WHERE local_id = $local;", ("$local", localId));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new OrderRefusedException($"there is no outbox #{localId}.");
        }

        var state = (OutboxState)reader.GetInt64(0);
        var envelope = reader.IsDBNull(1) ? null : (byte[])reader[1];
        var rejectReason = reader.IsDBNull(2) ? null : reader.GetString(2);
        reader.Close();
        if (state == OutboxState.Accepted)
        {
            return false;
        }

        if (state == OutboxState.Rejected)
        {
            throw new OrderRefusedException($"the hub's answer came meanwhile: it refused it ({rejectReason}), so it never left this node; there is nothing to {action}.");
        }

        if (action != "recall")
        {
            throw new OrderRefusedException($"it is still queued for the hub; {action} it once the hub has accepted it.");
        }

        var order = LifecycleOrder.Parser.ParseFrom(SignedStatement.Parser.ParseFrom(statement).Statement);
        if (envelope is null || !SHA256.HashData(Envelope.Parser.ParseFrom(envelope).Header.Span).AsSpan().SequenceEqual(order.HeaderSha256.Span))
        {
            throw new OrderRefusedException("it was sealed again since the command read it (the hub found it too old): run the command again.");
        }

        return true;
    }

    /// <summary>
    /// In the transaction that records the final refusal of outbox row <paramref name="localId"/>: its pending recalls end
    /// refused as <see cref="Reason"/>, never sent, each audited. Returns how many.
    /// </summary>
    public static int Drop(WriteContext context, long localId, string messageRejectReason) =>
        Drop(context, localId, Reason,
            $"never sent: the hub refused the message ({messageRejectReason}), so it never left this node and no one holds it",
            $"message_rejected={messageRejectReason}");

    /// <summary>
    /// In the retention sweep's transaction that purges outbox row <paramref name="localId"/> at its retention date: a
    /// recall still pending then would wait for ever (the purged copy is never sent, so the hub never answers it); it ends
    /// refused as <see cref="ExpiredReason"/>, never sent, audited. Returns how many.
    /// </summary>
    public static int DropExpired(WriteContext context, long localId) =>
        Drop(context, localId, ExpiredReason,
            "never sent: the message reached its retention date here, and was purged, before the hub answered it",
            "message_expired");

    private static int Drop(WriteContext context, long localId, string reason, string detail, string auditCause)
    {
        var dropped = context.Connection.Query(
            """
            UPDATE lifecycle_orders_issued SET state = 3, refusal_reason = $reason, refusal_detail = $detail, state_at_ms = $now
            WHERE outbox_local_id = $local AND state = 1 RETURNING order_id, message_id, action;
            """,
            reader =>
            {
                var rows = new List<(byte[] OrderId, byte[] MessageId, string Action)>();
                while (reader.Read())
                {
                    rows.Add(((byte[])reader[0], (byte[])reader[1], reader.GetString(2)));
                }

                return rows;
            },
            ("$reason", reason), ("$detail", detail),
            ("$now", context.NowMs), ("$local", localId));
        foreach (var (orderId, messageId, action) in dropped)
        {
            NodeAudit.Append(context.Connection, context.NowMs, "node", NodeAuditActions.LifecycleDropped, messageId,
                $"order_id={Convert.ToHexStringLower(orderId)} action={action} local_id={localId} {auditCause}");
        }

        return dropped.Count;
    }

    /// <summary>Whether outbox row <paramref name="localId"/> has a recall waiting for the hub's answer to it.</summary>
    public static bool Any(WriteContext context, long localId) =>
        context.Connection.Scalar(
            "SELECT 1 FROM lifecycle_orders_issued WHERE outbox_local_id = $local AND state = 1 AND action = 'recall' LIMIT 1;", ("$local", localId)) is not null;
}
