using HstFederation.Node.Audit;
using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Commands;

/// <summary>
/// `hst-node backup` (the copy itself is shared with the hub's and tested there in depth): a checked copy of the node's
/// database, named by date in a directory, that the node's own commands read, with the audit chain's head printed.
/// </summary>
public sealed class BackupCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hst-node-backup-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Backup_ToADirectory_WritesACopyTheNodeReads_AndPrintsTheAuditHead()
    {
        var database = Path.Combine(_directory, "node.db");
        await NodeStore.Open(database, TimeProvider.System).DisposeAsync();
        var backups = Directory.CreateDirectory(Path.Combine(_directory, "backups")).FullName;

        var result = await CommandRun.RunAsync("backup", backups, $"--Node:DatabasePath={database}", "--json");

        Assert.True(result.ExitCode == NodeCommandLine.Success, result.ToString());
        using var document = System.Text.Json.JsonDocument.Parse(result.Out);
        var json = document.RootElement;
        var copy = json.GetProperty("path").GetString()!;
        Assert.Equal(backups, Path.GetDirectoryName(copy));
        Assert.Matches(@"^node-\d{8}-\d{6}Z\.db$", Path.GetFileName(copy));
        var audit = NodeAudit.Verify(database);
        Assert.Equal(audit.Count, json.GetProperty("audit").GetProperty("entries").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(audit.Head!), json.GetProperty("audit").GetProperty("head").GetString());
        var verified = await CommandRun.RunAsync("verify-audit", $"--Node:DatabasePath={copy}");
        Assert.Equal($"intact, {audit.Count} {(audit.Count == 1 ? "entry" : "entries")}; head {Convert.ToHexStringLower(audit.Head!)}", verified.Out.Trim());
    }

    [Fact]
    public async Task VerifyAudit_AgainstTheHeadABackupPrinted_FindsItUntilTheHistoryIsCutShortOfIt()
    {
        var database = Path.Combine(_directory, "node.db");
        await using (var store = NodeStore.Open(database, TimeProvider.System))
        {
            await store.AuditAsync("operator:test", NodeAuditActions.Read, null, "before the backup", CancellationToken.None);
        }

        var backup = await CommandRun.RunAsync("backup", Path.Combine(_directory, "copy.db"), $"--Node:DatabasePath={database}");
        var check = backup.Out.TrimEnd().Split(Environment.NewLine)[2];
        var head = check[(check.IndexOf("--recorded-head ", StringComparison.Ordinal) + "--recorded-head ".Length)..];
        await using (var store = NodeStore.Open(database, TimeProvider.System))
        {
            await store.AuditAsync("operator:test", NodeAuditActions.Read, null, "after the backup", CancellationToken.None);
        }

        var found = await CommandRun.RunAsync("verify-audit", "--recorded-head", head, $"--Node:DatabasePath={database}");
        var entries = long.Parse(head.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString()))
        {
            // The insider's cut: the backup's last entry and the one after it gone, the counter set back to match.
            connection.Open();
            connection.Execute("DROP TRIGGER audit_no_delete;");
            connection.Execute($"DELETE FROM audit WHERE seq >= {entries}; UPDATE sqlite_sequence SET seq = {entries - 1} WHERE name = 'audit';");
        }

        var cut = await CommandRun.RunAsync("verify-audit", "--recorded-head", head, $"--Node:DatabasePath={database}");

        Assert.True(found.ExitCode == NodeCommandLine.Success, found.ToString());
        Assert.Contains($"recorded head found at entry {entries}", found.Out, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.Failure, cut.ExitCode);
        Assert.StartsWith($"broken at entry {entries} (rewritten): the chain ends at seq {entries - 1}", cut.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_OfTheHubsDatabase_IsRefusedNamingIt_AndWritesNothing()
    {
        var hubDatabase = Path.Combine(_directory, "hub.db");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = hubDatabase, Pooling = false }.ToString()))
        {
            connection.Open();
            connection.Execute($"PRAGMA application_id = {DatabaseProgram.Hub.ApplicationId}; CREATE TABLE members (party TEXT PRIMARY KEY);");
        }

        var copy = Path.Combine(_directory, "copy.db");
        var result = await CommandRun.RunAsync("backup", copy, $"--Node:DatabasePath={hubDatabase}");

        Assert.Equal(NodeCommandLine.Failure, result.ExitCode);
        Assert.StartsWith($"hst-node backup: {hubDatabase} is the hub's database, not the node's", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(copy));
        Assert.False(File.Exists(copy + DatabaseBackup.PartialSuffix));
    }
}
