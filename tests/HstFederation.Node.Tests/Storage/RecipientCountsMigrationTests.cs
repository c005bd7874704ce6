using HstFederation.Node.Storage;
using HstFederation.Testing.Samples;
using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Storage;

/// <summary>
/// Migration 6: each recipient's count of accepted messages is kept in <c>recipient_counts</c> (filled from an older
/// node's outbox, then maintained by a trigger) instead of being counted over the outbox rows at every seal.
/// </summary>
public sealed class RecipientCountsMigrationTests
{
    [Fact]
    public async Task Open_Version5Outbox_CountsOnlyAcceptedMessagesPerRecipient_ThenCountsOnAcceptance()
    {
        await using var temp = TempNodeStore.Create(SeedVersion5);

        Assert.Equal(SchemaMigrations.LatestVersion, temp.Store.Database.SchemaVersion);
        var next = await temp.Store.NextRecipientSequencesAsync([DE, IT, "hst://ncb/ES"]);
        Assert.Equal(4UL, next[DE]);   // accepted 1, 2 and 4 (3 was rejected, 5 is queued)
        Assert.Equal(2UL, next[IT]);   // accepted 2
        Assert.Equal(1UL, next["hst://ncb/ES"]);   // nothing to ES

        // The queued message to DE and IT is accepted now: both counts move, once, and a repeat moves nothing.
        Assert.True(await temp.Store.MarkAcceptedAsync(5, [1, 2, 3], 99));
        Assert.False(await temp.Store.MarkAcceptedAsync(5, [1, 2, 3], 99));
        next = await temp.Store.NextRecipientSequencesAsync([DE, IT]);
        Assert.Equal(5UL, next[DE]);
        Assert.Equal(3UL, next[IT]);
        Assert.Equal(2, temp.Count("SELECT COUNT(*) FROM recipient_counts;"));
    }

    private static void SeedVersion5(string path, FakeTimeProvider time)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        Assert.Equal(5, SchemaMigrations.Apply(connection, time, 5));
        (int State, string[] To)[] rows = [(2, [DE]), (2, [DE, IT]), (3, [DE, IT]), (2, [DE]), (1, [DE, IT])];
        var plaintext = SampleMessages.Realistic(time.GetUtcNow()).ToByteArray();
        for (var n = 1; n <= rows.Length; n++)
        {
            var (state, to) = rows[n - 1];
            connection.Execute(
                """
                INSERT INTO outbox (message_id, sequence, actor, plaintext, created_at_ms, state, state_at_ms, receipt, hub_sequence, reject_reason, reject_detail)
                VALUES ($id, $n, 'operator:old', $plaintext, $now, $state, $now,
                        CASE $state WHEN 2 THEN X'01' END, CASE $state WHEN 2 THEN $n END,
                        CASE $state WHEN 3 THEN 'Replay' END, CASE $state WHEN 3 THEN 'refused' END);
                """,
                ("$id", Id(n)), ("$n", n), ("$plaintext", plaintext), ("$now", now), ("$state", state));
            foreach (var party in to)
            {
                connection.Execute("INSERT INTO outbox_addressees (local_id, addressee) VALUES ($n, $to);", ("$n", n), ("$to", party));
            }
        }

        connection.Execute("UPDATE sequence_state SET last_sequence = $n WHERE id = 1;", ("$n", rows.Length));
    }
}
