using HstFederation.Hub.Audit;
using HstFederation.Hub.Lifecycle;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// A release inside the writer's transaction: the forwarded envelope and one delivery (kind 1, pointing at it) for its
/// new recipient, then the source's orders already in force queued to it (<see cref="HolderOrders.QueueInForce"/>),
/// audited as the source's <c>release</c> and the hub's <c>forward</c>. A message is forwarded to a
/// party once (UNIQUE (hub_sequence, recipient)): a second release finds the first and stores nothing.
/// The handler checked the message's lifecycle on a read connection before the slow part of the release (verify,
/// consent, re-wrap the key); a recall, an expiry or a restriction may have committed since. So the state is read again
/// here, on the writer, where nothing can change it before this commits: otherwise a recalled message's content would
/// be stored and streamed to a party that is not yet a holder, so never told of the recall (docs/lifecycle.md §7).
/// </summary>
internal static class ForwardTransaction
{
    /// <param name="policy">The handling policy the handler checked the forward under, for the restriction in force.</param>
    public static ForwardOutcome Execute(WriteContext context, ReleasedForward forward, HandlingPolicy policy)
    {
        var connection = context.Connection;
        var hit = Convert.ToHexStringLower(forward.HitId);

        // A release already stored answers duplicate whatever changed since, as the handler's own duplicate check does.
        if (!IsForwarded(connection, forward) && Refusal(connection, forward, policy) is { } refusal)
        {
            HubAudit.Append(connection, context.NowMs, forward.ReleasedBy.Uri, AuditActions.Reject, forward.MessageId, refusal.Reason.ToString(), forward.Certificate);
            return refusal;
        }

        var forwardId = connection.Scalar(
            """
            INSERT INTO forwards (hub_sequence, recipient, envelope, hit_id, released_by, forwarded_at_ms, consent_granted_at_ms)
            VALUES ($hub, $recipient, $envelope, $hit, $by, $now, $granted)
            ON CONFLICT (hub_sequence, recipient) DO NOTHING
            RETURNING forward_id;
            """,
            ("$hub", forward.HubSequence),
            ("$recipient", forward.Recipient.Uri),
            ("$envelope", forward.Envelope),
            ("$hit", forward.HitId),
            ("$by", forward.ReleasedBy.Uri),
            ("$now", context.NowMs),
            ("$granted", forward.ConsentGrantedAtMs)) as long?;
        if (forwardId is not { } id)
        {
            HubAudit.Append(connection, context.NowMs, forward.ReleasedBy.Uri, AuditActions.Release, forward.MessageId,
                $"hit={hit} to={forward.Recipient.Uri} duplicate", forward.Certificate);
            return ForwardOutcome.Duplicate;
        }

        var cursor = (long)connection.Scalar(
            "INSERT INTO deliveries (recipient, kind, hub_sequence, forward_id) VALUES ($recipient, 1, $hub, $forward) RETURNING cursor;",
            ("$recipient", forward.Recipient.Uri),
            ("$hub", forward.HubSequence),
            ("$forward", id))!;
        context.AddedDelivery(forward.Recipient.Uri, cursor);

        // The source's restrictions and extensions made before this release bind the new copy too: queued behind its
        // envelope (a later cursor), so the holder stores the copy first, then applies and confirms each.
        var orders = HolderOrders.QueueInForce(context, forward.HubSequence, forward.Recipient);
        HubAudit.Append(connection, context.NowMs, forward.ReleasedBy.Uri, AuditActions.Release, forward.MessageId,
            $"hit={hit} to={forward.Recipient.Uri}", forward.Certificate);
        HubAudit.Append(connection, context.NowMs, PartyId.Hub.Uri, AuditActions.Forward, forward.MessageId,
            $"to={forward.Recipient.Uri} hub_sequence={forward.HubSequence} forward_id={id} hit={hit}" + (orders > 0 ? $" orders={orders}" : string.Empty));
        return ForwardOutcome.New;
    }

    private static bool IsForwarded(SqliteConnection connection, ReleasedForward forward) =>
        connection.Scalar(
            "SELECT 1 FROM forwards WHERE hub_sequence = $hub AND recipient = $recipient;",
            ("$hub", forward.HubSequence),
            ("$recipient", forward.Recipient.Uri)) is not null;

    /// <summary>The source's later decisions as they stand in this transaction; null when the forward may be stored.</summary>
    private static ForwardOutcome? Refusal(SqliteConnection connection, ReleasedForward forward, HandlingPolicy policy)
    {
        // No row: accepted before migration 5 and never the subject of an order, so neither withdrawn nor restricted.
        if (LifecycleStates.Find(connection, forward.HubSequence) is not { } state)
        {
            return null;
        }

        if (state.IsWithdrawn)
        {
            return ForwardOutcome.Refused(RejectionReason.MessageWithdrawn, "the message was recalled or expired while the release was prepared");
        }

        return LifecycleRules.MayKeep(state.Handling, forward.Recipient, forwardedCopy: true, policy)
            ? null
            : ForwardOutcome.Refused(RejectionReason.ForwardNotPermitted, $"a restriction made while the release was prepared no longer lets {forward.Recipient} hold this message");
    }
}
