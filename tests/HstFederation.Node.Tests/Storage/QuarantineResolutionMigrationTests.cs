using HstFederation.Node.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Storage;

/// <summary>Migration 18 (operator resolutions) on the file a node at schema version 17 left.</summary>
public sealed class QuarantineResolutionMigrationTests
{
    /// <summary>
    /// What the version-17 file holds stays as it was: its quarantined delivery and its open alarm still count, its alarm the
    /// hub's withdrawals resolved still does not (and names its notice); the open ones can then be resolved.
    /// </summary>
    [Fact]
    public async Task Open_Version17Database_KeepsItsQuarantineAndAlarmsAsTheyWere_AndTheOpenOnesCanBeResolved()
    {
        await using var temp = TempNodeStore.Create((path, time) =>
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            connection.Execute("PRAGMA journal_mode = WAL;");
            Assert.Equal(17, SchemaMigrations.Apply(connection, time, 17));
            connection.Execute(
                """
                INSERT INTO quarantine (envelope, reason, detail, quarantined_at_ms, item) VALUES (X'BAD0', 'SignatureInvalid', 'd', 1, 'envelope');
                INSERT INTO alarms (kind, sender, expected, received, raised_at_ms) VALUES ('sequence-gap', 'hst://ncb/FR', 2, 4, 1);
                INSERT INTO alarms (kind, sender, expected, received, raised_at_ms, resolved_at_ms, resolved_by)
                VALUES ('sequence-gap', 'urn:hst:hub:IPSG', 1, 2, 1, 2, $notice);
                """,
                ("$notice", TestMessages.Id(9)));
        });

        Assert.Equal(SchemaMigrations.LatestVersion, temp.Store.Database.SchemaVersion);
        var status = await temp.Store.StatusAsync();
        Assert.Equal((1L, 1L), (status.Quarantined, status.Alarms));
        var byTheHub = Assert.Single(await temp.Store.AlarmsAsync(includeResolved: true), a => a.Resolved is not null);
        Assert.Equal(("hub notice " + Protocol.Identities.MessageIds.Format(TestMessages.Id(9)), (string?)null), (byTheHub.Resolved!.By, byTheHub.Resolved.Note));

        await temp.Store.ResolveAsync(ResolvedKind.Delivery, 1, "operator:test", "looked into");
        await temp.Store.ResolveAsync(ResolvedKind.Alarm, Assert.Single(await temp.Store.AlarmsAsync()).Id, "operator:test", "looked into");

        status = await temp.Store.StatusAsync();
        Assert.Equal((0L, 0L), (status.Quarantined, status.Alarms));
        // `status` counts the open ones from the partial index, not by reading every row past its envelope (as NodeStore.Status asks).
        using var raw = temp.Raw();
        var plan = raw.Query("EXPLAIN QUERY PLAN SELECT COUNT(*) FROM quarantine WHERE resolved_at_ms IS NULL;", reader =>
        {
            var steps = new List<string>();
            while (reader.Read())
            {
                steps.Add(reader.GetString(3));
            }

            return string.Join(" | ", steps);
        });
        Assert.Contains("quarantine_open", plan, StringComparison.Ordinal);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM quarantine WHERE envelope = X'BAD0' AND resolved_by_operator = 'operator:test';"));
    }
}
