using HstFederation.Hub.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>
/// Migration 5 rebuilds deliveries (kinds 3 and 4): a populated version-4 file keeps every row with its cursor, its
/// indexes and its AUTOINCREMENT sequence (a cursor is never handed out twice), and then takes the new kinds.
/// </summary>
public sealed class Migration0005Tests
{
    [Fact]
    public async Task Open_PopulatedVersion4Database_KeepsEveryDeliveryCursorIndexAndSequence()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("hst-hub-m5-").FullName;
        var path = Path.Combine(directory, "hub.db");
        try
        {
            WriteVersion4(path);

            await using (var store = HubStore.Open(path, new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56))))
            {
                using var connection = store.Database.OpenReadConnection();
                Assert.Equal((long)SchemaMigrations.LatestVersion, connection.Scalar("SELECT max(version) FROM schema_version;"));
                Assert.Equal(
                    "3|urn:hst:member:DE|1|1||7;5|urn:hst:member:FR|2|1|receipt|3;",
                    connection.Query(
                        "SELECT cursor, recipient, kind, hub_sequence, coalesce(CAST(delivery_receipt AS TEXT), ''), coalesce(acked_at_ms, relays_cursor) FROM deliveries ORDER BY cursor;",
                        reader =>
                        {
                            var rows = "";
                            while (reader.Read())
                            {
                                rows += $"{reader.GetInt64(0)}|{reader.GetString(1)}|{reader.GetInt64(2)}|{reader.GetInt64(3)}|{reader.GetString(4)}|{reader.GetInt64(5)};";
                            }

                            return rows;
                        }));
                Assert.Equal(40L, connection.Scalar("SELECT seq FROM sqlite_sequence WHERE name = 'deliveries';"));
                foreach (var index in new[] { "deliveries_envelope_once", "deliveries_by_recipient", "deliveries_unacked" })
                {
                    Assert.Equal(1L, connection.Scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = $name AND tbl_name = 'deliveries';", ("$name", index)));
                }

                Assert.Empty(connection.Query("PRAGMA foreign_key_check;", reader => { var rows = new List<string>(); while (reader.Read()) { rows.Add(reader.GetString(0)); } return rows; }));
            }

            await using var reopened = HubStore.Open(path, new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)));
            var cursor = await reopened.WriteAsync(
                context => (long)context.Connection.Scalar(
                    """
                    INSERT INTO lifecycle_orders (order_id, hub_sequence, action, issuer, signed_order, order_sha256, receipt, accepted_at_ms)
                    VALUES (zeroblob(16), 1, 'recall', 'urn:hst:member:FR', X'01', zeroblob(32), X'02', 0);
                    INSERT INTO deliveries (recipient, kind, hub_sequence, order_id) VALUES ('urn:hst:member:DE', 3, 1, zeroblob(16)) RETURNING cursor;
                    """)!,
                CancellationToken.None);
            Assert.Equal(41L, cursor);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A file as a version-4 hub left it: one message, its delivery to DE (acknowledged), the receipt relayed to FR, a sequence past both.</summary>
    private static void WriteVersion4(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        connection.Execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;");
        connection.Execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at_ms INTEGER NOT NULL) STRICT;");
        foreach (var (script, version) in new[] { Migration0001.Sql, Migration0002.Sql, Migration0003.Sql, Migration0004.Sql }.Select((s, i) => (s, i + 1)))
        {
            connection.Execute(script);
            connection.Execute("INSERT INTO schema_version (version, applied_at_ms) VALUES ($v, 0);", ("$v", version));
        }

        connection.Execute(
            """
            INSERT INTO messages (hub_sequence, sender, message_id, sequence, envelope, envelope_sha256, created_at_ms, expires_at_ms, accepted_at_ms, receipt)
            VALUES (1, 'urn:hst:member:FR', zeroblob(16), 1, X'0A', zeroblob(32), 0, 0, 0, X'0B');
            INSERT INTO deliveries (cursor, recipient, kind, hub_sequence, acked_at_ms) VALUES (3, 'urn:hst:member:DE', 1, 1, 7);
            INSERT INTO deliveries (cursor, recipient, kind, hub_sequence, delivery_receipt, relays_cursor) VALUES (5, 'urn:hst:member:FR', 2, 1, CAST('receipt' AS BLOB), 3);
            UPDATE sqlite_sequence SET seq = 40 WHERE name = 'deliveries';
            """);
    }
}
