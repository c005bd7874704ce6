using System.Globalization;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// The submission idempotency keys (table submit_keys, migration 5): (actor, request id) → the outbox row it
/// queued, with the request's hash. Written only in the enqueue's transaction, never changed afterwards.
/// </summary>
internal static class SubmitKeys
{
    /// <summary>
    /// The earlier submission <paramref name="key"/> names for <paramref name="actor"/> (<see cref="EnqueuedMessage.Repeated"/>
    /// set), or null when the key is new. Throws <see cref="RequestIdReusedException"/> when it names a different request, and
    /// <see cref="SubmissionStoppedException"/> when its message was cancelled or purged before it was ever sent.
    /// </summary>
    public static EnqueuedMessage? Find(SqliteConnection connection, string actor, SubmitKey key)
    {
        using var command = connection.Command(
            """
            SELECT k.request_sha256, o.local_id, o.message_id, o.sequence, o.created_at_ms,
                   CASE WHEN o.state = 3 AND o.reject_reason IN ($cancelled, $purged) THEN o.reject_reason END
            FROM submit_keys k JOIN outbox o ON o.local_id = k.local_id
            WHERE k.actor = $actor AND k.request_id = $request;
            """,
            ("$actor", actor), ("$request", key.RequestId), ("$cancelled", OutboxCancel.Reason), ("$purged", LifecyclePurge.PurgedBeforeSent));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var localId = reader.GetInt64(1);
        if (!((byte[])reader[0]).AsSpan().SequenceEqual(key.RequestSha256))
        {
            throw new RequestIdReusedException(key.RequestId, localId);
        }

        // Answering "queued" again would tell the caller a message is on its way that never will be (its content is gone,
        // so a later read finds nothing either): say it was stopped.
        return reader.IsDBNull(5)
            ? new EnqueuedMessage(localId, (byte[])reader[2], reader.GetInt64(3), reader.GetInt64(4), Repeated: true)
            : throw new SubmissionStoppedException(key.RequestId, localId, Protocol.Identities.MessageIds.Format((byte[])reader[2]), reader.GetString(5));
    }

    /// <summary>Keeps the key for the row just queued; the primary key refuses a second row for the same (actor, key).</summary>
    public static void Insert(SqliteConnection connection, string actor, SubmitKey key, long localId, long nowMs) =>
        connection.Execute(
            """
            INSERT INTO submit_keys (actor, request_id, request_sha256, local_id, created_at_ms)
            VALUES ($actor, $request, $sha, $local, $now);
            """,
            ("$actor", actor), ("$request", key.RequestId), ("$sha", key.RequestSha256), ("$local", localId), ("$now", nowMs));

    /// <summary>The audit detail of a repeat (<see cref="Audit.NodeAuditActions.EnqueueRepeat"/>): the earlier row and the key.</summary>
    public static string RepeatDetail(EnqueuedMessage earlier, SubmitKey key) =>
        string.Create(CultureInfo.InvariantCulture, $"local_id={earlier.LocalId} sequence={earlier.Sequence} request_id={key.RequestId}");
}
