using System.Security.Cryptography;
using Google.Protobuf;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>
/// This node's own retention sweep inside the writer's transaction (docs/lifecycle.md §5): every inbox and outbox copy
/// whose effective retention date has been reached is purged and tombstoned (cause expired, no order), so a node that
/// is offline at expiry keeps no content past it. Rows without an effective date yet (stored before Migration0009, or
/// queued since the last sweep) get it from their signed header or message first. An inbox copy that arrived already past
/// its date is kept <see cref="ArrivedPastDateGrace"/> after its arrival: the hub forwards such a copy (a release after an
/// extension) with the extension orders right behind it in the stream, and a sweep between the two would purge a copy the
/// source has extended (docs/lifecycle.md §4).
/// </summary>
internal static class RetentionTransactions
{
    private const int BatchSize = 500;

    /// <summary>
    /// How long an inbox copy that arrived past its retention date waits for the orders that follow it: they come in the same
    /// stream, within moments, unless the node stops between the two; a day covers a restart.
    /// </summary>
    public static readonly TimeSpan ArrivedPastDateGrace = TimeSpan.FromDays(1);

    /// <summary>Returns how many copies were purged.</summary>
    public static int Sweep(WriteContext context, string me)
    {
        Backfill(context);
        var purged = 0;
        foreach (var (localId, sender, messageId, headerHash) in Expired(context, MessageBox.Inbox))
        {
            LifecyclePurge.Purge(context, MessageBox.Inbox, localId, sender, LifecyclePurge.Expired);
            LifecycleTransactions.Tombstone(context, sender, messageId, headerHash, MessageBox.Inbox, localId, LifecyclePurge.Expired,
                LifecycleOutcome.Purged, null, null);
            purged++;
        }

        foreach (var (localId, _, messageId, envelope) in Expired(context, MessageBox.Outbox))
        {
            var headerHash = envelope.Length == 0 ? [] : SHA256.HashData(Envelope.Parser.ParseFrom(envelope).Header.Span);
            LifecyclePurge.Purge(context, MessageBox.Outbox, localId, me, LifecyclePurge.Expired);
            // A sealed copy the hub had not answered is never sent now, so a recall waiting on that answer would wait for ever.
            PendingRecalls.DropExpired(context, localId);
            LifecycleTransactions.Tombstone(context, me, messageId, headerHash, MessageBox.Outbox, localId, LifecyclePurge.Expired,
                LifecycleOutcome.Purged, null, null);
            purged++;
        }

        return purged;
    }

    /// <summary>The inbox's (sender, header hash) or the outbox's (this node, kept envelope or empty) of each expired copy.</summary>
    private static List<(long LocalId, string Sender, byte[] MessageId, byte[] HashOrEnvelope)> Expired(WriteContext context, MessageBox box)
    {
        var sql = box == MessageBox.Inbox
            ? """
              SELECT local_id, sender, message_id, header_hash FROM inbox
              WHERE purged_at_ms IS NULL AND retain_until_ms <= $now AND content_type = 'hst.v1.HstMessage'
                AND (retain_until_ms > received_at_ms OR received_at_ms <= $arrivedBefore)
              LIMIT $batch;
              """
            : """
              SELECT local_id, '', message_id, COALESCE(envelope, X'') FROM outbox
              WHERE purged_at_ms IS NULL AND retain_until_ms <= $now LIMIT $batch;
              """;
        using var command = context.Connection.Command(
            sql, ("$now", context.NowMs), ("$arrivedBefore", context.NowMs - (long)ArrivedPastDateGrace.TotalMilliseconds), ("$batch", BatchSize));
        using var reader = command.ExecuteReader();
        var rows = new List<(long, string, byte[], byte[])>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), (byte[])reader[2], (byte[])reader[3]));
        }

        return rows;
    }

    private static void Backfill(WriteContext context)
    {
        foreach (var (localId, envelope) in Missing(context, "SELECT local_id, envelope FROM inbox WHERE retain_until_ms IS NULL AND purged_at_ms IS NULL AND content_type = 'hst.v1.HstMessage' LIMIT $batch;"))
        {
            SetRetention(context, "UPDATE inbox SET retain_until_ms = $until WHERE local_id = $local;", localId,
                () => StoredHeaders.RetainUntilMs(StoredHeaders.Header(envelope)));
        }

        foreach (var (localId, plaintext) in Missing(context, "SELECT local_id, plaintext FROM outbox WHERE retain_until_ms IS NULL AND purged_at_ms IS NULL LIMIT $batch;"))
        {
            SetRetention(context, "UPDATE outbox SET retain_until_ms = $until WHERE local_id = $local;", localId,
                () => StoredHeaders.RetainUntilMs(HstMessage.Parser.ParseFrom(plaintext).Handling));
        }
    }

    private static List<(long LocalId, byte[] Bytes)> Missing(WriteContext context, string sql)
    {
        using var command = context.Connection.Command(sql, ("$batch", BatchSize));
        using var reader = command.ExecuteReader();
        var rows = new List<(long, byte[])>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), (byte[])reader[1]));
        }

        return rows;
    }

    private static void SetRetention(WriteContext context, string sql, long localId, Func<long?> retainUntil)
    {
        long? until;
        try
        {
            until = retainUntil();
        }
        catch (InvalidProtocolBufferException)
        {
            // Not an HST message (kept as received, never indexed): nothing names its retention.
            return;
        }

        if (until is { } value)
        {
            context.Connection.Execute(sql, ("$until", value), ("$local", localId));
        }
    }
}
