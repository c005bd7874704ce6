using HstFederation.Node.Audit;
using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Commands;

/// <summary>
/// `hst-node init` cut short by a full disk or a kill leaves no half-made node at Node:DatabasePath: the next init creates it
/// whole; what an init of an earlier release left (a schema without its init entry, a file with no tables) is completed by
/// init and refused by the other commands with the next step.
/// </summary>
public sealed class InitCutShortTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hst-node-init-").FullName;

    private string DatabasePath => Path.Combine(_directory, "node.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Init_CutShortByAFullDiskAfterTheSchema_LeavesNothingAtThePath_AndTheNextInitCreatesTheNodeWhole()
    {
        // init's build with the store's quota standing in for a full disk once the schema is committed: its audit entry does not fit.
        var failure = await Assert.ThrowsAsync<NodeStoreUnavailableException>(() => DatabaseCreation.CreateAsync(
            DatabasePath, DatabaseProgram.Node, replace: false, async building =>
            {
                await using var store = NodeStore.Open(building, TimeProvider.System);
                await store.SetMaxPageCountAsync(1); // SQLite keeps it at the current size: no page may be added
                return await store.AuditAsync(CommandContext.Actor, NodeAuditActions.Init, null, new string('x', 64 * 1024));
            }));

        Assert.True(StorageFaults.IsDiskFull(failure));
        Assert.Empty(Directory.GetFiles(_directory));
        var outbox = await CommandRun.RunAsync("outbox", $"--Node:DatabasePath={DatabasePath}");
        Assert.Equal(
            (NodeCommandLine.Failure, $"hst-node outbox: Node:DatabasePath: {DatabasePath} does not exist; create it with 'hst-node init'.{Environment.NewLine}"),
            (outbox.ExitCode, outbox.Error));

        var init = await CommandRun.RunAsync("init", $"--Node:DatabasePath={DatabasePath}");

        Assert.True(init.ExitCode == NodeCommandLine.Success, init.ToString());
        Assert.StartsWith($"Created database {DatabasePath} (schema version {SchemaMigrations.LatestVersion}).", init.Out, StringComparison.Ordinal);
        Assert.Equal([$"created, schema version {SchemaMigrations.LatestVersion}"], InitEntries());
        Assert.True(NodeAudit.Verify(DatabasePath).IsIntact);
    }

    [Fact]
    public async Task Init_AfterAnInitKilledWhileBuilding_DiscardsWhatItLeft_AndCreatesTheNode()
    {
        // A kill after the schema's commit, before the init entry: the schema alone, in the file init builds in.
        var leftover = DatabaseCreation.BuildingPath(DatabasePath);
        await using (NodeStore.Open(leftover, TimeProvider.System))
        {
        }

        var init = await CommandRun.RunAsync("init", $"--Node:DatabasePath={DatabasePath}");

        Assert.True(init.ExitCode == NodeCommandLine.Success, init.ToString());
        Assert.StartsWith($"Created database {DatabasePath} ", init.Out, StringComparison.Ordinal);
        Assert.Equal([$"created, schema version {SchemaMigrations.LatestVersion}"], InitEntries());
        Assert.Equal([DatabasePath], Directory.GetFiles(_directory).Where(f => !f.EndsWith("-shm", StringComparison.Ordinal) && !f.EndsWith("-wal", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Init_OnANodeAnEarlierInitLeftWithoutItsEntry_CompletesIt_ThenFindsItExisting()
    {
        await using (NodeStore.Open(DatabasePath, TimeProvider.System))
        {
        }

        var completed = await CommandRun.RunAsync("init", $"--Node:DatabasePath={DatabasePath}");
        var again = await CommandRun.RunAsync("init", $"--Node:DatabasePath={DatabasePath}");

        Assert.True(completed.ExitCode == NodeCommandLine.Success, completed.ToString());
        Assert.StartsWith(
            $"Completed database {DatabasePath} (schema version {SchemaMigrations.LatestVersion}): an earlier init was cut short before it audited itself",
            completed.Out, StringComparison.Ordinal);
        Assert.StartsWith($"Database {DatabasePath} exists", again.Out, StringComparison.Ordinal);
        Assert.Equal(
            [
                $"created, schema version {SchemaMigrations.LatestVersion}; completes an init cut short before this entry",
                $"opened, schema version {SchemaMigrations.LatestVersion}",
            ],
            InitEntries());
    }

    [Fact]
    public async Task Commands_OnAFileAnEarlierInitLeftWithNoTables_RefuseWithTheNextStep_AndInitCreatesTheNodeInIt()
    {
        NoTablesFile(DatabasePath);

        var outbox = await CommandRun.RunAsync("outbox", $"--Node:DatabasePath={DatabasePath}");
        var serve = await CommandRun.RunAsync("serve", $"--Node:DatabasePath={DatabasePath}");

        var refusal = $"Node:DatabasePath: {DatabasePath} is an SQLite file with no tables: not a node database yet. An 'hst-node init' of an earlier " +
            "release cut short by a full disk or a kill leaves such a file: run 'hst-node init' to create the node in it; if the node's database was " +
            $"here, restore it from a backup. Nothing was changed.{Environment.NewLine}";
        Assert.Equal((NodeCommandLine.Failure, "hst-node outbox: " + refusal), (outbox.ExitCode, outbox.Error));
        Assert.Equal((NodeCommandLine.Failure, "hst-node serve: " + refusal), (serve.ExitCode, serve.Error));
        Assert.Equal(0L, Scalar(DatabasePath, "SELECT COUNT(*) FROM sqlite_schema;"));

        var init = await CommandRun.RunAsync("init", $"--Node:DatabasePath={DatabasePath}");

        Assert.True(init.ExitCode == NodeCommandLine.Success, init.ToString());
        Assert.StartsWith($"Created database {DatabasePath} ", init.Out, StringComparison.Ordinal);
        Assert.Equal([$"created, schema version {SchemaMigrations.LatestVersion}"], InitEntries());
    }

    /// <summary>What an init of an earlier release left when a full disk stopped its migrations: WAL's header page, no table.</summary>
    internal static void NoTablesFile(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
    }

    private List<string> InitEntries()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection.Query("SELECT detail FROM audit WHERE action = 'init' ORDER BY seq;", reader =>
        {
            var details = new List<string>();
            while (reader.Read())
            {
                details.Add(reader.GetString(0));
            }

            return details;
        });
    }

    private static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection.Scalar(sql);
    }
}
