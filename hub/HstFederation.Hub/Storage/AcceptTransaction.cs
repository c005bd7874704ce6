using HstFederation.Hub.Audit;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>
/// One submission inside the writer's transaction: the idempotency and sequence checks, the message row,
/// one delivery per recipient, the sender's highest sequence, the signed receipt and an audit entry. All
/// lookups run in the same transaction as the inserts; UNIQUE constraints back them.
/// </summary>
internal static class AcceptTransaction
{
    public static AcceptOutcome Execute(
        WriteContext context, Submission submission, Func<long, long, byte[]> signReceipt, long maxSequenceJump)
    {
        var connection = context.Connection;
        var sender = submission.Sender.Uri;
        using (var command = connection.Command(
            "SELECT hub_sequence, envelope_sha256, receipt FROM messages WHERE sender = $sender AND message_id = $id;",
            ("$sender", sender),
            ("$id", submission.MessageId)))
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                if (!((byte[])reader[1]).AsSpan().SequenceEqual(submission.EnvelopeSha256))
                {
                    return Reject(context, submission, RejectionReason.Replay);
                }

                var original = AcceptOutcome.Duplicate((byte[])reader[2], reader.GetInt64(0));
                HubAudit.Append(connection, context.NowMs, sender, AuditActions.Duplicate, submission.MessageId,
                    $"hub_sequence={original.HubSequence}");
                return original;
            }
        }

        if (connection.Scalar("SELECT 1 FROM messages WHERE sender = $sender AND sequence = $sequence;",
            ("$sender", sender), ("$sequence", submission.Sequence)) is not null)
        {
            return Reject(context, submission, RejectionReason.SequenceReused);
        }

        var last = connection.Scalar("SELECT last_sequence FROM sender_state WHERE sender = $sender;", ("$sender", sender)) as long? ?? 0;
        if (submission.Sequence > last + maxSequenceJump)
        {
            return Reject(context, submission, RejectionReason.SequenceJump);
        }

        var hubSequence = (long)connection.Scalar(
            """
            INSERT INTO messages (sender, message_id, sequence, envelope, envelope_sha256, created_at_ms, expires_at_ms, accepted_at_ms, receipt)
            VALUES ($sender, $id, $sequence, $envelope, $sha, $created, $expires, $accepted, X'')
            RETURNING hub_sequence;
            """,
            ("$sender", sender),
            ("$id", submission.MessageId),
            ("$sequence", submission.Sequence),
            ("$envelope", submission.Envelope),
            ("$sha", submission.EnvelopeSha256),
            ("$created", submission.CreatedAtMs),
            ("$expires", submission.ExpiresAtMs),
            ("$accepted", context.NowMs))!;
        var recipients = submission.Recipients.Select(party => party.Uri).Distinct(StringComparer.Ordinal).ToList();
        foreach (var recipient in recipients)
        {
            var cursor = (long)connection.Scalar(
                "INSERT INTO deliveries (recipient, kind, hub_sequence) VALUES ($recipient, 1, $hub) RETURNING cursor;",
                ("$recipient", recipient),
                ("$hub", hubSequence))!;
            context.AddedDelivery(recipient, cursor);
        }

        connection.Execute(
            """
            INSERT INTO sender_state (sender, last_sequence) VALUES ($sender, $sequence)
            ON CONFLICT (sender) DO UPDATE SET last_sequence = max(last_sequence, excluded.last_sequence);
            """,
            ("$sender", sender),
            ("$sequence", submission.Sequence));
        var receipt = signReceipt(hubSequence, context.NowMs)
            ?? throw new InvalidOperationException("The receipt signer returned no receipt.");
        connection.Execute("UPDATE messages SET receipt = $receipt WHERE hub_sequence = $hub;",
            ("$receipt", receipt), ("$hub", hubSequence));
        HubAudit.Append(connection, context.NowMs, sender, AuditActions.Accept, submission.MessageId,
            $"hub_sequence={hubSequence} recipients={recipients.Count}");
        return AcceptOutcome.Accepted(receipt, hubSequence);
    }

    private static AcceptOutcome Reject(WriteContext context, Submission submission, RejectionReason reason)
    {
        HubAudit.Append(context.Connection, context.NowMs, submission.Sender.Uri, AuditActions.Reject,
            submission.MessageId, reason.ToString());
        return AcceptOutcome.Rejected(reason);
    }
}
