using System.Text.Json;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Lifecycle;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// One submission inside the writer's transaction: the idempotency and sequence checks, the message row
/// with its signed receipt, its blind tokens if any, one delivery per recipient, the sender's highest sequence and an audit entry.
/// All lookups run in the same transaction as the inserts; UNIQUE constraints back them.
/// </summary>
internal static class AcceptTransaction
{
    /// <param name="auditAction">"accept" for a member's submission, "send" for the hub's own message.</param>
    public static AcceptOutcome Execute(
        WriteContext context, Submission submission, Func<long, long, byte[]> signReceipt, long maxSequenceJump, string auditAction = AuditActions.Accept)
    {
        var connection = context.Connection;
        var sender = submission.Sender.Uri;
        // Through the writer's statement cache like every other statement here (a reader, so Query, not Scalar).
        var stored = connection.Query(
            "SELECT hub_sequence, envelope_sha256, receipt FROM messages WHERE sender = $sender AND message_id = $id;",
            reader => reader.Read() ? (HubSequence: reader.GetInt64(0), Sha256: (byte[])reader[1], Receipt: (byte[])reader[2]) : default((long HubSequence, byte[] Sha256, byte[] Receipt)?),
            ("$sender", sender),
            ("$id", submission.MessageId));
        if (stored is { } original)
        {
            if (!original.Sha256.AsSpan().SequenceEqual(submission.EnvelopeSha256))
            {
                return Reject(context, submission, RejectionReason.Replay);
            }

            HubAudit.Append(connection, context.NowMs, sender, AuditActions.Duplicate, submission.MessageId,
                DuplicateDetail(original.HubSequence), submission.Certificate);
            return AcceptOutcome.Duplicate(original.Receipt, original.HubSequence);
        }

        if (connection.Scalar("SELECT 1 FROM messages WHERE sender = $sender AND sequence = $sequence;",
            ("$sender", sender), ("$sequence", submission.Sequence)) is not null)
        {
            // The message id was looked for first and is not here: the sender may number this message again, above this.
            return Reject(context, submission, RejectionReason.SequenceReused) with { HighestAcceptedSequence = HighestSequence(connection, sender) };
        }

        var last = connection.Scalar("SELECT last_sequence FROM sender_state WHERE sender = $sender;", ("$sender", sender)) as long? ?? 0;
        if (submission.Sequence > last + maxSequenceJump)
        {
            return Reject(context, submission, RejectionReason.SequenceJump);
        }

        LifecycleState? superseded = null;
        if (submission.Signed is { Header.Lineage: { } } update)
        {
            var checkedUpdate = UpdateTransaction.Check(context, submission.Sender, update, submission.Recipients);
            if (!checkedUpdate.IsSuccess)
            {
                return Reject(context, submission, checkedUpdate.Reason, checkedUpdate.Rejection.Detail);
            }

            superseded = checkedUpdate.Value;
        }

        // The receipt names the hub sequence, and the message row carries the receipt: the number is taken
        // before the INSERT so that the ~5 KB row is written once, not inserted and then rewritten by an
        // UPDATE. Signing stays here on the writer, inside the transaction, because it needs that number and
        // the batch's time. Nothing else can take the number in between (one writer, this transaction); the
        // INSERT still lets AUTOINCREMENT assign it, and a mismatch fails the operation rather than storing
        // a receipt that names another row.
        var hubSequence = NextHubSequence(connection);
        var receipt = signReceipt(hubSequence, context.NowMs)
            ?? throw new InvalidOperationException("The receipt signer returned no receipt.");
        var assigned = (long)connection.Scalar(
            """
            INSERT INTO messages (sender, message_id, sequence, envelope, envelope_sha256, created_at_ms, expires_at_ms, accepted_at_ms, receipt)
            VALUES ($sender, $id, $sequence, $envelope, $sha, $created, $expires, $accepted, $receipt)
            RETURNING hub_sequence;
            """,
            ("$sender", sender),
            ("$id", submission.MessageId),
            ("$sequence", submission.Sequence),
            ("$envelope", submission.Envelope),
            ("$sha", submission.EnvelopeSha256),
            ("$created", submission.CreatedAtMs),
            ("$expires", submission.ExpiresAtMs),
            ("$accepted", context.NowMs),
            ("$receipt", receipt))!;
        if (assigned != hubSequence)
        {
            throw new InvalidOperationException($"The message was stored as hub sequence {assigned}, its receipt names {hubSequence}.");
        }

        var recipients = submission.Recipients.Select(party => party.Uri).Distinct(StringComparer.Ordinal).ToList();
        InsertDeliveries(context, hubSequence, recipients);

        foreach (var tokens in submission.Tokens)
        {
            StoreTokens(connection, hubSequence, tokens);
        }

        connection.Execute(
            """
            INSERT INTO sender_state (sender, last_sequence) VALUES ($sender, $sequence)
            ON CONFLICT (sender) DO UPDATE SET last_sequence = max(last_sequence, excluded.last_sequence);
            """,
            ("$sender", sender),
            ("$sequence", submission.Sequence));
        if (submission.Signed is { } signed)
        {
            LifecycleStates.Insert(connection, hubSequence, signed.HeaderSha256, signed.Header, superseded?.HubSequence);
        }

        if (superseded is not null)
        {
            UpdateTransaction.Supersede(context, superseded, hubSequence, submission.Sender, superseded.Version + 1, submission.Certificate);
        }

        var note = submission.AuditNote is { } text ? " " + text
            : superseded is not null ? $" version={superseded.Version + 1} supersedes={superseded.HubSequence}"
            : string.Empty;
        HubAudit.Append(connection, context.NowMs, sender, auditAction, submission.MessageId,
            $"hub_sequence={hubSequence} recipients={recipients.Count}{note}", submission.Certificate);
        context.AcceptedMessage(hubSequence);
        return AcceptOutcome.Accepted(receipt, hubSequence);
    }

    /// <summary>The detail of a <c>duplicate</c> entry, written here or for a retry Submit answered before the writer.</summary>
    public static string DuplicateDetail(long hubSequence) =>
        "hub_sequence=" + hubSequence.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// One envelope delivery per recipient, cursors in the recipients' order, in one statement: the writer is the hub's
    /// bottleneck under load (docs/performance.md), and one INSERT per recipient cost it a statement execution each.
    /// </summary>
    private static void InsertDeliveries(WriteContext context, long hubSequence, List<string> recipients)
    {
        var added = context.Connection.Query(
            """
            INSERT INTO deliveries (recipient, kind, hub_sequence)
            SELECT value, 1, $hub FROM json_each($recipients) ORDER BY key
            RETURNING recipient, cursor;
            """,
            context.AddedDeliveries,
            ("$hub", hubSequence),
            ("$recipients", JsonSerializer.Serialize(recipients)));
        if (added != recipients.Count)
        {
            throw new InvalidOperationException($"{added} deliveries were stored for {recipients.Count} recipients.");
        }
    }

    /// <summary>
    /// The hub sequence AUTOINCREMENT gives the next message: one above the highest ever used (kept in
    /// <c>sqlite_sequence</c>, so a number is never handed out again once committed) or above the highest row.
    /// </summary>
    private static long NextHubSequence(SqliteConnection connection) =>
        (long)connection.Scalar(
            """
            SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'messages'), 0),
                       coalesce((SELECT max(hub_sequence) FROM messages), 0)) + 1;
            """)!;

    /// <summary>The tokens only (key id, kind, token, path): nothing else of them is kept. A repeated token is stored once.</summary>
    private static void StoreTokens(SqliteConnection connection, long hubSequence, MatchingTokens tokens)
    {
        foreach (var token in tokens.Tokens)
        {
            connection.Execute(
                """
                INSERT INTO matching_tokens (hub_sequence, key_id, kind, token, path) VALUES ($hub, $key, $kind, $token, $path)
                ON CONFLICT DO NOTHING;
                """,
                ("$hub", hubSequence),
                ("$key", tokens.KeyId),
                ("$kind", (int)token.Kind),
                ("$token", token.Token.ToByteArray()),
                ("$path", token.Path));
        }
    }

    /// <summary>
    /// The highest sequence accepted from <paramref name="sender"/>: sender_state's, or a message row's if one were above it
    /// (both move in the same transaction; the larger is the safe answer). The (sender, sequence) index serves the max.
    /// </summary>
    private static long HighestSequence(SqliteConnection connection, string sender) =>
        (long)connection.Scalar(
            """
            SELECT max(coalesce((SELECT last_sequence FROM sender_state WHERE sender = $sender), 0),
                       coalesce((SELECT max(sequence) FROM messages WHERE sender = $sender), 0));
            """,
            ("$sender", sender))!;

    private static AcceptOutcome Reject(WriteContext context, Submission submission, RejectionReason reason, string? detail = null)
    {
        HubAudit.Append(context.Connection, context.NowMs, submission.Sender.Uri, AuditActions.Reject,
            submission.MessageId, reason.ToString(), submission.Certificate);
        return AcceptOutcome.Rejected(reason, detail);
    }
}
