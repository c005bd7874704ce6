using HstFederation.Node.Storage;
using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Storage;

/// <summary>The file's settings, migrations, and the writer's group commit.</summary>
public sealed class NodeDatabaseTests
{
    [Fact]
    public async Task Open_NewFile_WalFullSyncForeignKeysAndLatestSchema()
    {
        await using var temp = TempNodeStore.Create();

        var pragmas = await temp.Store.WriteAsync(
            context => (
                (string)context.Connection.Scalar("PRAGMA journal_mode;")!,
                (long)context.Connection.Scalar("PRAGMA synchronous;")!,
                (long)context.Connection.Scalar("PRAGMA foreign_keys;")!),
            CancellationToken.None);

        Assert.Equal(("wal", 2L, 1L), pragmas);
        Assert.Equal(SchemaMigrations.LatestVersion, temp.Store.Database.SchemaVersion);
        Assert.Equal(SchemaMigrations.LatestVersion, temp.Count("SELECT MAX(version) FROM schema_version;"));
    }

    [Fact]
    public async Task NextRecipientSequence_ReadsOneCountRow_NotTheOutbox()
    {
        await using var temp = TempNodeStore.Create();

        var plan = await temp.Store.WriteAsync(
            context =>
            {
                using var command = context.Connection.CreateCommand();
                command.CommandText = "EXPLAIN QUERY PLAN SELECT accepted FROM recipient_counts WHERE addressee = 'hst://ncb/DE';";
                using var reader = command.ExecuteReader();
                var steps = new List<string>();
                while (reader.Read())
                {
                    steps.Add(reader.GetString(3));
                }

                return string.Join(" | ", steps);
            },
            CancellationToken.None);

        // One keyed row, however many messages were sent before: the outbox rows (and their blobs) are not read.
        Assert.StartsWith("SEARCH recipient_counts USING INDEX", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("outbox", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_Twice_MigrationsRunOnce()
    {
        await using var temp = TempNodeStore.Create();
        await temp.ReopenAsync();

        Assert.Equal(SchemaMigrations.LatestVersion, temp.Count("SELECT COUNT(*) FROM schema_version;"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM sequence_state;"));
    }

    [Fact]
    public async Task Open_DatabaseFromANewerNode_IsRefused()
    {
        await using var temp = TempNodeStore.Create();
        await temp.Store.WriteAsync(
            context => context.Connection.Execute("INSERT INTO schema_version (version, applied_at_ms) VALUES (99, 0);"),
            CancellationToken.None);

        var refusal = await Assert.ThrowsAsync<DatabaseFileException>(temp.ReopenAsync);

        Assert.Contains("run the hst-node release that wrote it", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_ManyCallersAtOnce_CommitTogetherInFewerTransactions()
    {
        await using var temp = TempNodeStore.Create();
        using var gate = WriterGate.Hold(temp.Store);
        var before = temp.Store.Commits;
        var enqueues = Enumerable.Range(1, 50).Select(n => temp.Store.EnqueueAsync(Outgoing(n))).ToArray();
        Assert.True(SpinWait.SpinUntil(() => temp.Store.QueuedWrites >= 50, TimeSpan.FromSeconds(10)));

        Assert.True(await gate.ReleaseAsync());
        await Task.WhenAll(enqueues);

        Assert.Equal(2, temp.Store.Commits - before); // the held batch, then all fifty in one
        Assert.Equal(50, temp.Count("SELECT COUNT(*) FROM outbox;"));
    }

    [Fact]
    public async Task WriteAsync_OneOperationAlone_ThatFails_LeavesNothing_AndTheNextWriteCommits()
    {
        await using var temp = TempNodeStore.Create();
        var before = temp.Store.Commits;

        // Alone in its batch, the operation runs without a savepoint: its failure must roll back the whole transaction.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => temp.Store.WriteAsync<int>(
            context =>
            {
                context.Connection.Execute("INSERT INTO schema_version (version, applied_at_ms) VALUES (98, 0);");
                throw new InvalidOperationException("refused after writing");
            },
            CancellationToken.None));

        Assert.Equal("refused after writing", failure.Message);
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM schema_version WHERE version = 98;"));
        Assert.Equal(before, temp.Store.Commits);
        await temp.Store.EnqueueAsync(Outgoing(1));
        Assert.Equal(before + 1, temp.Store.Commits);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM outbox;"));
    }

    [Fact]
    public async Task WriteAsync_OneOperationFailsInABatch_OnlyItsOwnWritesRollBack()
    {
        await using var temp = TempNodeStore.Create();
        using var gate = WriterGate.Hold(temp.Store);
        var before = temp.Store.Commits;
        var first = temp.Store.EnqueueAsync(Outgoing(1));
        var failing = temp.Store.WriteAsync<int>(
            context =>
            {
                context.Connection.Execute("INSERT INTO schema_version (version, applied_at_ms) VALUES (98, 0);");
                throw new InvalidOperationException("refused after writing");
            },
            CancellationToken.None);
        var second = temp.Store.EnqueueAsync(Outgoing(2));
        Assert.True(SpinWait.SpinUntil(() => temp.Store.QueuedWrites >= 3, TimeSpan.FromSeconds(10)));

        Assert.True(await gate.ReleaseAsync());
        await Task.WhenAll(first, second);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);

        Assert.Equal(2, temp.Store.Commits - before); // the held batch, then the three together
        Assert.Equal(2, temp.Count("SELECT COUNT(*) FROM outbox;"));
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM schema_version WHERE version = 98;"));
    }

    /// <summary>Holds the writer inside one operation until released, so that the writes queued meanwhile form one batch.</summary>
    private sealed class WriterGate : IDisposable
    {
        private readonly ManualResetEventSlim _entered = new();
        private readonly ManualResetEventSlim _release = new();
        private Task<bool> _held = Task.FromResult(false);

        public static WriterGate Hold(NodeStore store)
        {
            var gate = new WriterGate();
            gate._held = store.WriteAsync(
                _ =>
                {
                    gate._entered.Set();
                    return gate._release.Wait(TimeSpan.FromSeconds(10));
                },
                CancellationToken.None);
            Assert.True(gate._entered.Wait(TimeSpan.FromSeconds(10)), "the writer never reached the gate");
            return gate;
        }

        public Task<bool> ReleaseAsync()
        {
            _release.Set();
            return _held;
        }

        public void Dispose()
        {
            _entered.Dispose();
            _release.Dispose();
        }
    }
}
