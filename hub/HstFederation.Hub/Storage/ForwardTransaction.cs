using HstFederation.Hub.Audit;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>
/// A release inside the writer's transaction: the forwarded envelope and one delivery (kind 1, pointing at it) for its
/// new recipient, audited as the source's <c>release</c> and the hub's <c>forward</c>. A message is forwarded to a
/// party once (UNIQUE (hub_sequence, recipient)): a second release finds the first and stores nothing.
/// </summary>
internal static class ForwardTransaction
{
    /// <summary>True when stored now; false when the message had already been forwarded to that recipient.</summary>
    public static bool Execute(WriteContext context, ReleasedForward forward)
    {
        var connection = context.Connection;
        var hit = Convert.ToHexStringLower(forward.HitId);
        var forwardId = connection.Scalar(
            """
            INSERT INTO forwards (hub_sequence, recipient, envelope, hit_id, released_by, forwarded_at_ms)
            VALUES ($hub, $recipient, $envelope, $hit, $by, $now)
            ON CONFLICT (hub_sequence, recipient) DO NOTHING
            RETURNING forward_id;
            """,
            ("$hub", forward.HubSequence),
            ("$recipient", forward.Recipient.Uri),
            ("$envelope", forward.Envelope),
            ("$hit", forward.HitId),
            ("$by", forward.ReleasedBy.Uri),
            ("$now", context.NowMs)) as long?;
        if (forwardId is not { } id)
        {
            HubAudit.Append(connection, context.NowMs, forward.ReleasedBy.Uri, AuditActions.Release, forward.MessageId,
                $"hit={hit} to={forward.Recipient.Uri} duplicate");
            return false;
        }

        var cursor = (long)connection.Scalar(
            "INSERT INTO deliveries (recipient, kind, hub_sequence, forward_id) VALUES ($recipient, 1, $hub, $forward) RETURNING cursor;",
            ("$recipient", forward.Recipient.Uri),
            ("$hub", forward.HubSequence),
            ("$forward", id))!;
        context.AddedDelivery(forward.Recipient.Uri, cursor);
        HubAudit.Append(connection, context.NowMs, forward.ReleasedBy.Uri, AuditActions.Release, forward.MessageId,
            $"hit={hit} to={forward.Recipient.Uri}");
        HubAudit.Append(connection, context.NowMs, PartyId.Hub.Uri, AuditActions.Forward, forward.MessageId,
            $"to={forward.Recipient.Uri} hub_sequence={forward.HubSequence} forward_id={id} hit={hit}");
        return true;
    }
}
