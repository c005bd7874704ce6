using System.Globalization;
using System.Text.RegularExpressions;
using HstFederation.Node.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Storage;

/// <summary>
/// Migration 17 (purge causes cancelled and discarded) rebuilds inbox, outbox and tombstones on the file a node at schema
/// version 16 left: every row, column, index, trigger, foreign key and AUTOINCREMENT sequence as it was, only the cause
/// CHECKs wider.
/// </summary>
public sealed class PurgeCauseMigrationTests
{
    private const string OldCauses = "('recalled', 'restricted', 'expired')";
    private const string NewCauses = "('recalled', 'restricted', 'expired', 'cancelled', 'discarded')";
    private static readonly string[] Rebuilt = ["inbox", "outbox", "tombstones"];

    [Fact]
    public async Task Open_Version16Database_KeepsEveryRowIndexTriggerAndSequence_OnlyTheCauseChecksChange()
    {
        await using var temp = TempNodeStore.Create((path, time) =>
        {
            using var connection = Version16(path, time);
            connection.Execute(Version16Rows);
            var schemaBefore = Schema(connection);
            var rowsBefore = Rows(connection);
            var shapesBefore = Shapes(connection);

            Assert.Equal(17, SchemaMigrations.Apply(connection, time, 17));

            var schemaAfter = Schema(connection);
            Assert.Equal(schemaBefore.Keys, schemaAfter.Keys);
            foreach (var (name, sql) in schemaBefore)
            {
                if (Rebuilt.Any(table => name == "table " + table))
                {
                    Assert.Contains(NewCauses, schemaAfter[name], StringComparison.Ordinal);
                    Assert.Equal(Normalized(sql!), Normalized(schemaAfter[name]!.Replace(NewCauses, OldCauses, StringComparison.Ordinal)));
                }
                else
                {
                    // Indexes and the trigger created again exactly as migrations 1, 2, 6, 9 and 10 wrote them; every other table untouched.
                    Assert.True(sql == schemaAfter[name], $"{name} changed:\n{sql}\n{schemaAfter[name]}");
                }
            }

            Assert.Equal(rowsBefore, Rows(connection));
            Assert.Equal(shapesBefore, Shapes(connection));
            Assert.Equal(17L, connection.Scalar("SELECT MAX(version) FROM schema_version;"));
            Assert.Null(connection.Scalar("PRAGMA foreign_key_check;"));
        });

        Assert.Equal(SchemaMigrations.LatestVersion, temp.Store.Database.SchemaVersion);
        // Through the store: the queued message cancelled now takes the new cause; the one cancelled at version 16 keeps its own
        // (this file's audit log records no 'cancel' of it, by which migration 19 finds such rows: CancelCauseMigrationTests).
        await temp.Store.CancelQueuedAsync(3, "urn:hst:member:FR", "operator:test");
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM outbox WHERE local_id = 3 AND purge_cause = 'cancelled';"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM outbox WHERE local_id = 2 AND purge_cause = 'recalled';"));

        using var raw = temp.Raw();
        raw.Execute("PRAGMA foreign_keys = ON;");
        raw.Execute("UPDATE inbox SET purge_cause = 'discarded' WHERE local_id = 2;");
        raw.Execute("UPDATE tombstones SET cause = 'cancelled' WHERE box IS NULL;");
        raw.Execute("UPDATE tombstones SET cause = 'discarded' WHERE box = 'inbox';");
        raw.Execute("UPDATE outbox SET purge_cause = 'discarded' WHERE local_id = 2;");
        foreach (var refused in new[]
        {
            "UPDATE inbox SET purge_cause = 'deleted' WHERE local_id = 2;",
            "UPDATE outbox SET purge_cause = 'deleted' WHERE local_id = 2;",
            "UPDATE tombstones SET cause = 'deleted' WHERE box IS NULL;",
            // The other constraints are still there: a second row for the same sender and id, a state without its receipt.
            "INSERT INTO inbox (sender, message_id, sequence, header_hash, envelope, plaintext, forwards, received_at_ms) SELECT sender, message_id, 9, header_hash, X'', X'', 0, 1 FROM inbox WHERE local_id = 1;",
            "UPDATE outbox SET state = 2 WHERE local_id = 3;",
            // The foreign keys of the other tables name the new tables.
            "INSERT INTO product_copies (inbox_local_id, product_row) VALUES (999, 1);",
            "INSERT INTO outbox_addressees (local_id, addressee) VALUES (999, 'urn:hst:member:DE');",
        })
        {
            Assert.Throws<SqliteException>(() => raw.Execute(refused));
        }

        // AUTOINCREMENT carried over: no local id is handed out twice.
        Assert.Equal(51L, raw.Scalar(
            "INSERT INTO inbox (sender, message_id, sequence, header_hash, envelope, plaintext, forwards, received_at_ms) VALUES ('urn:hst:member:IT', randomblob(16), 1, zeroblob(32), X'', X'', 0, 1) RETURNING local_id;"));
        Assert.Equal(41L, raw.Scalar(
            "INSERT INTO outbox (message_id, sequence, actor, plaintext, created_at_ms, state, state_at_ms) VALUES (randomblob(16), 99, 'operator:test', X'01', 1, 1, 1) RETURNING local_id;"));
        // The trigger counts acceptances on the new outbox.
        raw.Execute("INSERT INTO outbox_addressees (local_id, addressee) VALUES (41, 'urn:hst:member:DE');");
        raw.Execute("UPDATE outbox SET state = 2, receipt = X'01', hub_sequence = 12 WHERE local_id = 41;");
        Assert.Equal(2L, raw.Scalar("SELECT accepted FROM recipient_counts WHERE addressee = 'urn:hst:member:DE';"));
    }

    [Fact]
    public async Task Apply_OnAFileWithAnOrphanOfTheRebuiltTables_ChangesNothing_AndStaysAtVersion16()
    {
        await using var temp = TempNodeStore.Create((path, time) =>
        {
            using var connection = Version16(path, time);
            connection.Execute(Version16Rows);
            // Foreign keys are off on this connection, as on the sqlite3 shell: an addressee of an outbox row that does not exist.
            connection.Execute("INSERT INTO outbox_addressees (local_id, addressee) VALUES (77, 'urn:hst:member:DE');");
            var schemaBefore = Schema(connection);
            var rowsBefore = Rows(connection);

            var refused = Assert.Throws<HstFederation.Storage.DatabaseFileException>(() => SchemaMigrations.Apply(connection, time));

            Assert.Contains("outbox_addressees", refused.Message, StringComparison.Ordinal);
            Assert.Contains("nothing was migrated", refused.Message, StringComparison.Ordinal);
            Assert.Equal(16L, connection.Scalar("SELECT MAX(version) FROM schema_version;"));
            Assert.Equal(schemaBefore, Schema(connection));
            Assert.Equal(rowsBefore, Rows(connection));
            // Once the orphan is dealt with, the next open migrates.
            connection.Execute("PRAGMA foreign_keys = OFF; DELETE FROM outbox_addressees WHERE local_id = 77;");
        });

        Assert.Equal(SchemaMigrations.LatestVersion, temp.Store.Database.SchemaVersion);
        Assert.Equal(4, temp.Count("SELECT COUNT(*) FROM inbox;"));
    }

    private static SqliteConnection Version16(string path, TimeProvider time)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        Assert.Equal(16, SchemaMigrations.Apply(connection, time, 16));
        // Apply leaves foreign keys on; the rows below are consistent either way, the orphan test adds one without them.
        connection.Execute("PRAGMA foreign_keys = OFF;");
        return connection;
    }

    /// <summary>
    /// A version-16 file with rows in the three tables and in every kind of table pointing at them: an accepted, a cancelled
    /// (purged as recalled, as version 16 did) and a queued outbox row; an expired inbox message, a product, a hit and a
    /// withdrawal notice from the hub; two tombstones; AUTOINCREMENT sequences past the rows.
    /// </summary>
    private static readonly string Version16Rows = $"""
        INSERT INTO outbox (local_id, message_id, sequence, actor, plaintext, envelope, created_at_ms, state, state_at_ms, matching_tokens, retain_until_ms)
        VALUES (1, {Id(1)}, 1, 'agency:border-police', X'0A01', X'E1', 1, 1, 1, X'70', 1000);
        INSERT INTO outbox_addressees (local_id, addressee) VALUES (1, 'urn:hst:member:DE');
        UPDATE outbox SET state = 2, state_at_ms = 2, receipt = X'AA', hub_sequence = 7 WHERE local_id = 1;
        INSERT INTO outbox_deliveries (local_id, recipient, receipt, received_at_ms) VALUES (1, 'urn:hst:member:DE', X'D1', 9);
        INSERT INTO outbox (local_id, message_id, sequence, actor, plaintext, created_at_ms, state, state_at_ms, reject_reason, reject_detail, purged_at_ms, purge_cause)
        VALUES (2, {Id(2)}, 2, 'operator:alice', X'', 3, 3, 4, 'Cancelled', 'cancelled by operator:alice before it was ever submitted', 4, 'recalled');
        INSERT INTO outbox (local_id, message_id, sequence, actor, plaintext, created_at_ms, state, state_at_ms, version, supersedes_message_id, lineage_reason)
        VALUES (3, {Id(3)}, 3, 'agency:border-police', X'0102', 5, 1, 5, 2, {Id(1)}, 'corrected');
        INSERT INTO outbox_addressees (local_id, addressee) VALUES (3, 'urn:hst:member:DE'), (3, 'urn:hst:member:IT');
        INSERT INTO submit_keys (actor, request_id, request_sha256, local_id, created_at_ms) VALUES ('agency:border-police', 'req-1', zeroblob(32), 3, 5);
        INSERT INTO lifecycle_orders_issued (order_id, outbox_local_id, message_id, action, actor, order_statement, state, created_at_ms, state_at_ms)
        VALUES ({Id(90)}, 1, {Id(1)}, 'extend', 'operator:alice', X'05', 1, 6, 6);
        UPDATE sqlite_sequence SET seq = 40 WHERE name = 'outbox';

        INSERT INTO inbox (local_id, sender, message_id, sequence, header_hash, envelope, plaintext, forwards, received_at_ms, retain_until_ms, purged_at_ms, purge_cause)
        VALUES (1, 'urn:hst:member:DE', {Id(11)}, 1, zeroblob(32), X'', X'', 0, 1, 2, 3, 'expired');
        INSERT INTO inbox (local_id, sender, message_id, sequence, header_hash, envelope, plaintext, forwards, received_at_ms, content_type)
        VALUES (2, 'urn:hst:hub:IPSG', {Id(12)}, 1, zeroblob(32), X'E2', X'0A10', 0, 2, 'hst.v1.AnalyticalProduct');
        INSERT INTO products (id, product_id, inbox_local_id, kind, produced_at_ms, period_start_ms, period_end_ms, sources, description)
        VALUES (1, {Id(21)}, 2, 1, 1, 1, 2, 1, '1 corridor');
        INSERT INTO product_copies (inbox_local_id, product_row) VALUES (2, 1);
        INSERT INTO product_sources (product_row, sender, message_id) VALUES (1, 'urn:hst:member:FR', {Id(1)});
        INSERT INTO inbox (local_id, sender, message_id, sequence, header_hash, envelope, plaintext, forwards, received_at_ms, content_type)
        VALUES (3, 'urn:hst:hub:IPSG', {Id(13)}, 2, zeroblob(32), X'E3', X'0A11', 0, 3, 'hst.v1.HitNotification');
        INSERT INTO hits (id, hit_id, inbox_local_id, detected_at_ms, basis, your_message_id, other_sender, other_message_id, other_readable, score, kinds, releasable)
        VALUES (1, {Id(31)}, 3, 3, 1, {Id(1)}, 'urn:hst:member:ES', {Id(32)}, 0, 0.9, '1,2', 1);
        INSERT INTO hit_notifications (inbox_local_id, hit_row) VALUES (3, 1);
        INSERT INTO inbox (local_id, sender, message_id, sequence, header_hash, envelope, plaintext, forwards, received_at_ms, content_type)
        VALUES (4, 'urn:hst:hub:IPSG', {Id(14)}, 4, zeroblob(32), X'E4', X'0A12', 0, 4, 'hst.v1.HubWithdrawal');
        INSERT INTO hub_withdrawn (recipient_sequence, message_id, header_sha256, content_type, cause, notice_local_id, recorded_at_ms)
        VALUES (3, {Id(15)}, zeroblob(32), 'hst.v1.HitNotification', 'expired', 4, 4);
        INSERT INTO expiry_reports (inbox_local_id, message_id, header_hash, expiry_order_id, retain_until_ms, expired_at_ms)
        VALUES (4, {Id(1)}, zeroblob(32), {Id(91)}, 1000, 1001);
        UPDATE sqlite_sequence SET seq = 50 WHERE name = 'inbox';

        INSERT INTO tombstones (sender, message_id, header_hash, box, local_id, cause, outcome, purged_at_ms)
        VALUES ('urn:hst:member:DE', {Id(11)}, zeroblob(32), 'inbox', 1, 'expired', 1, 3);
        INSERT INTO tombstones (sender, message_id, header_hash, cause, order_id, order_statement, outcome, purged_at_ms)
        VALUES ('urn:hst:member:IT', {Id(16)}, zeroblob(32), 'restricted', {Id(92)}, X'06', 2, 5);
        """;

    private static string Id(int n) => "X'" + n.ToString("x32", CultureInfo.InvariantCulture) + "'";

    /// <summary>Every schema entry ("table inbox", "index outbox_queued", "trigger …") with its SQL (null for automatic indexes).</summary>
    private static SortedDictionary<string, string?> Schema(SqliteConnection connection) =>
        connection.Query(
            "SELECT type || ' ' || name, sql FROM sqlite_schema;",
            reader =>
            {
                var entries = new SortedDictionary<string, string?>(StringComparer.Ordinal);
                while (reader.Read())
                {
                    entries.Add(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
                }

                return entries;
            });

    /// <summary>Every row of every ordinary table but schema_version (which gains version 17), sorted, as text.</summary>
    private static SortedDictionary<string, List<string>> Rows(SqliteConnection connection)
    {
        var tables = connection.Query(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name <> 'schema_version' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%';",
            reader => Read(reader, r => r.GetString(0)));
        var rows = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var all = connection.Query($"SELECT * FROM \"{table}\";", reader => Read(reader, Row));
            all.Sort(StringComparer.Ordinal);
            rows.Add(table, all);
        }

        return rows;
    }

    /// <summary>
    /// What the schema text does not show of a table: its columns (name, type, not null, default, key position), its indexes
    /// (automatic ones included: name, unique, origin, partial, columns) and its foreign keys.
    /// </summary>
    private static SortedDictionary<string, List<string>> Shapes(SqliteConnection connection)
    {
        var tables = connection.Query("SELECT name FROM sqlite_schema WHERE type = 'table';", reader => Read(reader, r => r.GetString(0)));
        var shapes = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            List<string> shape = [
                .. connection.Query($"SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo('{table}') ORDER BY cid;", reader => Read(reader, Row)),
                .. connection.Query(
                    $"""
                    SELECT l.name, l."unique", l.origin, l.partial, group_concat(i.name, ',')
                    FROM pragma_index_list('{table}') l JOIN pragma_index_info(l.name) i GROUP BY l.name ORDER BY l.name;
                    """,
                    reader => Read(reader, Row)),
                .. connection.Query($"SELECT * FROM pragma_foreign_key_list('{table}') ORDER BY id, seq;", reader => Read(reader, Row)),
            ];
            shapes.Add(table, shape);
        }

        return shapes;
    }

    private static List<T> Read<T>(SqliteDataReader reader, Func<SqliteDataReader, T> map)
    {
        var list = new List<T>();
        while (reader.Read())
        {
            list.Add(map(reader));
        }

        return list;
    }

    private static string Row(SqliteDataReader reader) =>
        string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i) switch
        {
            DBNull => "NULL",
            byte[] bytes => "X" + Convert.ToHexString(bytes),
            IConvertible value => value.ToString(CultureInfo.InvariantCulture),
            var value => value.ToString(),
        }));

    /// <summary>A CREATE TABLE without what a rebuild may change: the quotes the rename puts round the name, and layout.</summary>
    private static string Normalized(string sql) =>
        Regex.Replace(Regex.Replace(Regex.Replace(sql, "^CREATE TABLE \"(\\w+)\"", "CREATE TABLE $1"), @"\s+", " "), @" ?([(),]) ?", "$1");
}
