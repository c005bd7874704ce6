using Google.Protobuf;
using HstFederation.Node.Search;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Storage;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Search;

/// <summary>
/// A store an older node left (schema version 1, messages and no index) is migrated and indexed at open;
/// FTS5 is there in the bundled SQLite.
/// </summary>
public sealed class SearchIndexMigrationTests
{
    private const int OldOutboxMessages = 150; // more than one backfill batch

    [Fact]
    public async Task Open_Version1StoreWithMessages_MigratesAndIndexesEveryOldMessage()
    {
        await using var temp = TempNodeStore.Create(SeedVersion1);
        var now = temp.Time.GetUtcNow();

        Assert.Equal(SchemaMigrations.LatestVersion, temp.Store.Database.SchemaVersion);
        Assert.Equal(OldOutboxMessages + 2, temp.Store.Database.IndexedAtOpen);
        Assert.Equal(OldOutboxMessages + 2, temp.Count("SELECT COUNT(*) FROM message_summaries;"));

        var hits = await temp.Store.SearchAsync(new EntityQuery(SearchKind.Document, "ly 773 1902"), "operator:alice");
        Assert.Equal([MessageBox.Inbox], hits.Select(h => h.Box));
        Assert.Equal(IT, hits[0].Sender);
        Assert.Equal(HandlingCode.H2, hits[0].Handling);
        var old = Assert.Single(await temp.Store.SearchAsync(new EntityQuery(SearchKind.Reference, "FR-OLD-0077"), "operator:alice"));
        Assert.Equal(77, old.LocalId);

        var page = await temp.Store.ListOutboxAsync(new OutboxQuery
        {
            Limit = OutboxQuery.MaxLimit,
            Content = new ContentFilter { HandlingCodes = [HandlingCode.H3] },
        });
        Assert.Equal(OldOutboxMessages / 3, page.Items.Count);
        Assert.All(page.Items, item => Assert.Equal(HandlingCode.H3, item.Summary.Handling));

        var unparsed = Assert.Single((await temp.Store.ListInboxAsync(new InboxQuery { Sender = DE })).Items);
        Assert.False(unparsed.Summary.Parsed);

        // Indexed once: a reopen finds nothing left to do, and what is stored now is indexed as it is stored.
        var entities = temp.Count("SELECT COUNT(*) FROM entities;");
        var store = await temp.ReopenAsync();
        Assert.Equal(0, store.Database.IndexedAtOpen);
        Assert.Equal(entities, temp.Count("SELECT COUNT(*) FROM entities;"));
        await store.EnqueueAsync(Outgoing(1000, IndexedMessages.Labelled(now, "FR-NEW-1", HandlingCode.H0, CrimeType.DocumentFraud)));
        Assert.Single(await store.SearchAsync(new EntityQuery(SearchKind.Reference, "fr new 1"), "operator:alice"));
    }

    [Fact]
    public async Task Open_IndexDropped_RebuiltFromThePlaintext()
    {
        await using var temp = await NodeStoreSearchTests.WithRealisticAsync();
        var entities = temp.Count("SELECT COUNT(*) FROM entities;");
        using (var connection = temp.Raw())
        {
            connection.Execute("DELETE FROM entity_text; DELETE FROM entities; DELETE FROM message_crime_types; DELETE FROM message_summaries;");
        }

        var store = await temp.ReopenAsync();

        Assert.Equal(2, store.Database.IndexedAtOpen);
        Assert.Equal(entities, temp.Count("SELECT COUNT(*) FROM entities;"));
        Assert.Equal(2, (await store.SearchAsync(new EntityQuery(SearchKind.Name, "kovalchuk"), "operator:alice")).Count);
    }

    [Fact]
    public async Task Open_Version10StoreWithARestrictedCopy_ReindexesItUnderTheHandlingInForce()
    {
        await using var temp = TempNodeStore.Create(SeedVersion10WithRestrictedCopy);

        Assert.Equal(SchemaMigrations.LatestVersion, temp.Store.Database.SchemaVersion);
        Assert.Equal(1, temp.Store.Database.IndexedAtOpen);
        Assert.Equal((long)HandlingCode.H3, temp.Count("SELECT handling_code FROM message_summaries WHERE box = 'inbox';"));
        Assert.Empty((await temp.Store.ListInboxAsync(new InboxQuery { Content = new ContentFilter { HandlingCodes = [HandlingCode.H1] } })).Items);
        var listed = Assert.Single((await temp.Store.ListInboxAsync(new InboxQuery { Content = new ContentFilter { HandlingCodes = [HandlingCode.H3] } })).Items);
        Assert.Equal(HandlingCode.H3, listed.Summary.Handling);
        var hit = Assert.Single(await temp.Store.SearchAsync(new EntityQuery(SearchKind.Name, "kovalchuk"), "operator:alice"));
        Assert.Equal(HandlingCode.H3, hit.Handling);
    }

    [Fact]
    public async Task Open_Version10StoreWithAnUnreadableRestriction_Opens_AndListsTheCopyUnderNoHandlingCode()
    {
        await using var temp = TempNodeStore.Create((path, time) =>
        {
            SeedVersion10WithRestrictedCopy(path, time);
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            // A damaged file: the restriction's bytes do not parse (0xFF is a tag whose varint never ends).
            connection.Execute("UPDATE inbox SET effective_handling = X'FF';");
        });

        Assert.Equal(1, temp.Store.Database.IndexedAtOpen);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM message_summaries WHERE box = 'inbox' AND handling_code IS NULL;"));
        Assert.Empty((await temp.Store.ListInboxAsync(new InboxQuery { Content = new ContentFilter { HandlingCodes = [HandlingCode.H1] } })).Items);
        Assert.Empty((await temp.Store.ListInboxAsync(new InboxQuery { Content = new ContentFilter { HandlingCodes = [HandlingCode.H3] } })).Items);
    }

    [Fact]
    public async Task Fts5_BundledSqlite_HasFts5AndFoldsDiacritics()
    {
        await using var temp = TempNodeStore.Create();
        var person = IndexedMessages.Named("MÜLLER", "Jürgen");
        await temp.Store.EnqueueAsync(Outgoing(1, IndexedMessages.WithPerson(temp.Time.GetUtcNow(), "DE-1", person)));
        using var connection = temp.Raw();

        Assert.Equal(1L, connection.Scalar("SELECT sqlite_compileoption_used('ENABLE_FTS5');"));
        Assert.Contains("fts5", (string)connection.Scalar("SELECT sql FROM sqlite_master WHERE name = 'entity_text';")!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1L, connection.Scalar("SELECT COUNT(*) FROM entity_text WHERE entity_text MATCH 'muller AND jurgen';"));
        Assert.Equal(0L, connection.Scalar("SELECT COUNT(*) FROM entity_text WHERE entity_text MATCH 'mueller';"));
    }

    /// <summary>
    /// What a node before Migration0002 left: schema version 1 and rows written with its SQL. Outbox: 150
    /// labelled messages (references FR-OLD-0001…, handling H1/H2/H3 in turn). Inbox: the realistic report
    /// from IT and a plaintext from DE that is not an HstMessage.
    /// </summary>
    private static void SeedVersion1(string path, FakeTimeProvider time)
    {
        var now = time.GetUtcNow();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        Assert.Equal(1, SchemaMigrations.Apply(connection, time, 1));
        Assert.Equal(0L, connection.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'entities';"));
        HandlingCode[] codes = [HandlingCode.H1, HandlingCode.H2, HandlingCode.H3];
        for (var n = 1; n <= OldOutboxMessages; n++)
        {
            var message = IndexedMessages.Labelled(now, $"FR-OLD-{n:D4}", codes[(n - 1) % 3], CrimeType.MigrantSmuggling);
            connection.Execute(
                """
                INSERT INTO outbox (message_id, sequence, actor, plaintext, created_at_ms, state, state_at_ms)
                VALUES ($id, $n, 'operator:old', $plaintext, $now, 1, $now);
                INSERT INTO outbox_addressees (local_id, addressee) VALUES (last_insert_rowid(), $to);
                """,
                ("$id", Id(n)), ("$n", n), ("$plaintext", message.ToByteArray()), ("$now", now.ToUnixTimeMilliseconds()), ("$to", DE));
        }

        connection.Execute("UPDATE sequence_state SET last_sequence = $n WHERE id = 1;", ("$n", OldOutboxMessages));
        InsertInbox(connection, IT, Id(5000), SampleMessages.Realistic(now).ToByteArray(), now);
        InsertInbox(connection, DE, Id(5001), [0xFF, 0xFF, 0xFF], now);
    }

    /// <summary>
    /// What a node at schema version 10 left after applying a restriction: an H1 report from IT restricted to H3
    /// (effective_handling) whose summary still says H1, as that node's restriction never updated it.
    /// </summary>
    private static void SeedVersion10WithRestrictedCopy(string path, FakeTimeProvider time)
    {
        var now = time.GetUtcNow();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        Assert.Equal(10, SchemaMigrations.Apply(connection, time, 10));
        var message = SampleMessages.Realistic(now);
        message.Handling.Code = HandlingCode.H1;
        InsertInbox(connection, IT, Id(5000), message.ToByteArray(), now);
        var localId = (long)connection.Scalar("SELECT local_id FROM inbox;")!;
        MessageIndexWriter.Write(connection, MessageBox.Inbox, localId, MessageIndex.Of(message));
        var restricted = message.Handling.Clone();
        restricted.Code = HandlingCode.H3;
        connection.Execute("UPDATE inbox SET effective_handling = $handling;", ("$handling", restricted.ToByteArray()));
        Assert.Equal((long)HandlingCode.H1, connection.Scalar("SELECT handling_code FROM message_summaries;"));
    }

    private static void InsertInbox(SqliteConnection connection, string sender, byte[] id, byte[] plaintext, DateTimeOffset now) =>
        connection.Execute(
            """
            INSERT INTO inbox (sender, message_id, sequence, header_hash, envelope, plaintext, forwards, received_at_ms)
            VALUES ($sender, $id, 1, zeroblob(32), X'00', $plaintext, 0, $now);
            """,
            ("$sender", sender), ("$id", id), ("$plaintext", plaintext), ("$now", now.ToUnixTimeMilliseconds()));
}
