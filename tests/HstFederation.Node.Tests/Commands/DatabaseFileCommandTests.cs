using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Commands;

/// <summary>
/// What the NCB's operator meets when Node:DatabasePath is not the node's file as it should be: missing (a typo, a volume
/// not mounted) or empty (a truncated copy, a failed restore). Only `init` creates a node; `serve`'s refusals are in
/// Hosting/ServeExitTests.
/// </summary>
public sealed class DatabaseFileCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hst-node-dbfile-").FullName;

    private string DatabasePath => Path.Combine(_directory, "node.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("outbox")]
    [InlineData("inbox")]
    [InlineData("hits")]
    [InlineData("quarantine")]
    public async Task ReadCommand_DatabaseIsAnEmptyFile_RefusesIt_AndLeavesItEmpty(string command)
    {
        await File.WriteAllBytesAsync(DatabasePath, []);

        var run = await CommandRun.RunAsync(command, $"--Node:DatabasePath={DatabasePath}");

        Assert.Equal(
            (NodeCommandLine.Failure,
                $"hst-node {command}: Node:DatabasePath: {DatabasePath} is empty (0 bytes): not a node database. If the node's database was here, " +
                $"restore it from a backup; a new node starts with 'hst-node init'. Nothing was changed.{Environment.NewLine}"),
            (run.ExitCode, run.Error));
        Assert.Equal(string.Empty, run.Out);
        Assert.Equal(0, new FileInfo(DatabasePath).Length);
        Assert.False(File.Exists(DatabasePath + "-wal"));
    }

    [Fact]
    public async Task ReadCommand_DatabaseDoesNotExist_RefusesToCreateANewNode()
    {
        var run = await CommandRun.RunAsync("outbox", $"--Node:DatabasePath={DatabasePath}");

        Assert.Equal(
            (NodeCommandLine.Failure, $"hst-node outbox: Node:DatabasePath: {DatabasePath} does not exist; create it with 'hst-node init'.{Environment.NewLine}"),
            (run.ExitCode, run.Error));
        Assert.False(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task Init_DatabaseIsAnEmptyFile_CreatesTheNodeThereAndAuditsIt()
    {
        await File.WriteAllBytesAsync(DatabasePath, []);

        var init = await CommandRun.RunAsync("init", $"--Node:DatabasePath={DatabasePath}");

        Assert.True(init.ExitCode == NodeCommandLine.Success, init.ToString());
        Assert.StartsWith($"Created database {DatabasePath} (schema version {SchemaMigrations.LatestVersion}).", init.Out, StringComparison.Ordinal);
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        Assert.Equal(
            $"created, schema version {SchemaMigrations.LatestVersion}",
            connection.Scalar("SELECT detail FROM audit WHERE action = 'init';"));
        var outbox = await CommandRun.RunAsync("outbox", $"--Node:DatabasePath={DatabasePath}");
        Assert.True(outbox.ExitCode == NodeCommandLine.Success, outbox.ToString());
    }
}
