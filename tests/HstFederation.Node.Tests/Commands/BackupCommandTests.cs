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
        Assert.Equal($"intact, {audit.Count} entries", verified.Out.Trim());
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
