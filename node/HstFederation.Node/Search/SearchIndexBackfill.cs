using HstFederation.Node.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Search;

/// <summary>
/// Indexes, at open, every stored message that has no summary row: those stored before Migration0002, and
/// any whose index was dropped to be rebuilt under new extraction rules (delete the summaries and entities
/// of a box and reopen). Runs in bounded batches, each in its own <c>BEGIN IMMEDIATE</c> transaction, so a
/// large store does not hold one huge transaction and an interrupted backfill resumes where it stopped.
/// What the hub itself sends (hit notifications, products: inbox.content_type, Migration0007) is never indexed. A copy a
/// restriction changed is indexed under the handling in force (its effective_handling), as the restriction left its summary.
/// </summary>
internal static class SearchIndexBackfill
{
    private const int BatchSize = 64;

    /// <summary>Returns how many messages were indexed.</summary>
    public static int Run(SqliteConnection connection)
    {
        // The index writer's statements go through the statement cache: compiled once for the whole backfill, not per row.
        using var statements = connection.CacheStatements();
        var indexed = 0;
        foreach (var box in new[] { MessageBox.Outbox, MessageBox.Inbox })
        {
            int batch;
            do
            {
                batch = RunBatch(connection, box);
                indexed += batch;
            }
            while (batch == BatchSize);
        }

        return indexed;
    }

    private static int RunBatch(SqliteConnection connection, MessageBox box)
    {
        connection.Execute("BEGIN IMMEDIATE;");
        try
        {
            var pending = Pending(connection, box);
            foreach (var (localId, plaintext, inForce) in pending)
            {
                MessageIndexWriter.Write(connection, box, localId, MessageIndex.Of(plaintext).InForce(inForce));
            }

            connection.Execute("COMMIT;");
            return pending.Count;
        }
        catch
        {
            connection.TryRollback();
            throw;
        }
    }

    /// <summary>Read fully before writing: the batch's rows are not changed while a reader is open on them.</summary>
    private static List<(long LocalId, byte[] Plaintext, Protocol.V1.Handling? InForce)> Pending(SqliteConnection connection, MessageBox box)
    {
        // Two fixed statements rather than a table name spliced into SQL.
        var sql = box == MessageBox.Outbox
            ? """
              SELECT local_id, plaintext, effective_handling FROM outbox m
              WHERE m.purged_at_ms IS NULL AND NOT EXISTS (SELECT 1 FROM message_summaries s WHERE s.box = 'outbox' AND s.local_id = m.local_id)
              ORDER BY local_id LIMIT $batch;
              """
            : """
              SELECT local_id, plaintext, effective_handling FROM inbox m
              WHERE m.content_type = 'hst.v1.HstMessage' AND m.purged_at_ms IS NULL
                AND NOT EXISTS (SELECT 1 FROM message_summaries s WHERE s.box = 'inbox' AND s.local_id = m.local_id)
              ORDER BY local_id LIMIT $batch;
              """;
        using var command = connection.Command(sql, ("$batch", BatchSize));
        using var reader = command.ExecuteReader();
        var rows = new List<(long, byte[], Protocol.V1.Handling?)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), (byte[])reader[1], reader.IsDBNull(2) ? null : InForce((byte[])reader[2])));
        }

        return rows;
    }

    /// <summary>
    /// The stored restriction; one that does not parse (a damaged file) is indexed under no handling code, which only an
    /// agency reading every code lists (and none is served the message, AgencyVisibility): failing closed, without
    /// stopping the node from opening, and never back to the looser handling first signed.
    /// </summary>
    private static Protocol.V1.Handling InForce(byte[] stored)
    {
        try
        {
            return Protocol.V1.Handling.Parser.ParseFrom(stored);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return new Protocol.V1.Handling { Code = Protocol.V1.HandlingCode.Unspecified };
        }
    }
}
