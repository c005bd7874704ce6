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
    /// set), or null when the key is new. Throws <see cref="RequestIdReusedException"/> when it names a different request.
    /// </summary>
    public static EnqueuedMessage? Find(SqliteConnection connection, string actor, SubmitKey key)
    {
        using var command = connection.Command(
            """
            SELECT k.request_sha256, o.local_id, o.message_id, o.sequence, o.created_at_ms
            FROM submit_keys k JOIN outbox o ON o.local_id = k.local_id
            WHERE k.actor = $actor AND k.request_id = $request;
            """,
            ("$actor", actor), ("$request", key.RequestId));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var localId = reader.GetInt64(1);
        return ((byte[])reader[0]).AsSpan().SequenceEqual(key.RequestSha256)
            ? new EnqueuedMessage(localId, (byte[])reader[2], reader.GetInt64(3), reader.GetInt64(4), Repeated: true)
            : throw new RequestIdReusedException(key.RequestId, localId);
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
