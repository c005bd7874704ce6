using System.Security.Cryptography;
using HstFederation.Hosting;
using HstFederation.Hub.Commands;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// `hst-hub restore`: the backup in place, numbered on past what the replaced database gave the members (so that no member
/// skips a new delivery or sees the hub's numbering go back), the replaced database kept, the restore audited; and a restore
/// that cannot be done (serve running, a file that is not a good hub backup) changes nothing.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RestoreCommandTests
{
    private const long Margin = 1_000_000_000_000;

    [Fact]
    public async Task Restore_PutsTheBackupInPlace_NumbersOnPastTheReplacedDatabase_KeepsItAside_AndAuditsIt()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var backup = Path.Combine(hub.Directory, "backup.db");
        Assert.Equal(HubCommandLine.Success, (await hub.RunAsync("backup", backup)).ExitCode);
        var backupBytes = Hash(backup);
        // What serving after the backup left in the database: cursors and hub sequences handed out, the hub's own messages numbered.
        Execute(hub.DatabasePath, $"""
            INSERT INTO sqlite_sequence (name, seq) VALUES ('deliveries', 500), ('messages', 300);
            INSERT INTO hub_recipient_state (recipient, last_sequence) VALUES ('{PartyId.Member("DE").Uri}', 7);
            INSERT INTO sender_state (sender, last_sequence) VALUES ('{PartyId.Hub.Uri}', 9);
            """);
        var replacedHead = Head(hub.DatabasePath);
        var replacedBytes = Hash(hub.DatabasePath);

        var result = await hub.RunAsync("restore", backup);

        Assert.True(result.ExitCode == HubCommandLine.Success, result.ToString());
        var kept = hub.DatabasePath + ".replaced-20260301-120000Z";
        Assert.Equal(500 + Margin, hub.Scalar("SELECT seq FROM sqlite_sequence WHERE name = 'deliveries';"));
        Assert.Equal(300 + Margin, hub.Scalar("SELECT seq FROM sqlite_sequence WHERE name = 'messages';"));
        Assert.Equal(7, hub.Scalar($"SELECT last_sequence FROM hub_recipient_state WHERE recipient = '{PartyId.Member("DE").Uri}';"));
        Assert.Equal(9, hub.Scalar($"SELECT last_sequence FROM sender_state WHERE sender = '{PartyId.Hub.Uri}';"));
        Assert.Equal(CommandHarness.Members.Length, hub.Scalar("SELECT count(*) FROM members;"));
        var detail = Text(hub.DatabasePath, "SELECT detail FROM audit WHERE action = 'restore' ORDER BY seq DESC LIMIT 1;");
        Assert.Equal($"from={backup} backup_head={Head(backup)} replaced={kept} replaced_head={replacedHead} cursor_from={501 + Margin} hub_sequence_from={301 + Margin} hub_numbering=replaced", detail);
        Assert.Equal("intact, 6 entries; head " + Head(hub.DatabasePath).Split(':')[1], (await hub.RunAsync("verify-audit")).Out.Trim());
        Assert.Equal(replacedBytes, Hash(kept));
        Assert.Equal(backupBytes, Hash(backup));
        Assert.False(File.Exists(hub.DatabasePath + ".restoring"));
        var lines = result.Out.Split(Environment.NewLine);
        Assert.Equal($"restored {hub.DatabasePath} from {backup} (its audit chain intact, 5 entries; head {Head(backup).Split(':')[1]})", lines[0]);
        Assert.StartsWith($"replaced database kept as {kept}", lines[1], StringComparison.Ordinal);
        Assert.EndsWith($"; its audit chain ended at head {replacedHead}", lines[1], StringComparison.Ordinal);
        Assert.StartsWith($"delivery cursors continue from {501 + Margin}, hub sequences from {301 + Margin}: ", lines[2], StringComparison.Ordinal);
        var newHead = Head(hub.DatabasePath);
        Assert.Equal($"audit entry 'restore' written: the chain's head is now {newHead}", lines[4]);
        Assert.Equal(
            $"Keep this head where the hub's operators cannot write; check the database against it later with: hst-hub verify-audit --recorded-head {newHead} " +
            "(a head recorded past entry 5, the backup's last, no longer matches: those entries are not in the restored chain)",
            lines[5]);
        Assert.Equal(HubCommandLine.Success, (await hub.RunAsync("verify-audit", "--recorded-head", newHead)).ExitCode);
        Assert.Contains("Tell every member before starting 'hst-hub serve':", lines);
        Assert.Contains(lines, l => l.StartsWith("  - what their nodes acknowledged after this backup was taken is streamed to them again", StringComparison.Ordinal));
    }

    /// <summary>
    /// Subscribe sends again what a member may have acknowledged at the replaced database below the restore's first cursor
    /// (docs/hub.md, Restore), read from the latest `restore` entry: the one this restore wrote, not one the backup carried
    /// from an earlier restore, nor a file name that looks like the number.
    /// </summary>
    [Fact]
    public async Task CursorFromLastRestore_IsTheLatestRestoresFirstCursor_NullBeforeAnyRestore()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        Assert.Null(CursorFrom(hub.DatabasePath));
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(hub.Directory, "kept cursor_from=7 here")).FullName;
        var first = Path.Combine(directory, "first cursor_from=8.db");
        Assert.Equal(HubCommandLine.Success, (await hub.RunAsync("backup", first)).ExitCode);
        Assert.Equal(HubCommandLine.Success, (await hub.RunAsync("restore", first)).ExitCode);
        Assert.Equal(Margin + 1, CursorFrom(hub.DatabasePath));
        var second = Path.Combine(directory, "second.db");
        Assert.Equal(HubCommandLine.Success, (await hub.RunAsync("backup", second)).ExitCode);
        Execute(hub.DatabasePath, $"UPDATE sqlite_sequence SET seq = {Margin + 40} WHERE name = 'deliveries';");
        hub.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HubCommandLine.Success, (await hub.RunAsync("restore", second)).ExitCode);

        Assert.Equal(2 * Margin + 41, CursorFrom(hub.DatabasePath));
    }

    [Fact]
    public async Task Restore_OverADatabaseThatCannotBeRead_NumbersEveryMembersMessagesPastTheMargin_AndKeepsTheFile()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var backup = Path.Combine(hub.Directory, "backup.db");
        Assert.Equal(HubCommandLine.Success, (await hub.RunAsync("backup", backup)).ExitCode);
        SqliteConnection.ClearAllPools();
        File.Delete(hub.DatabasePath + "-wal");
        File.Delete(hub.DatabasePath + "-shm");
        File.WriteAllText(hub.DatabasePath, "what a failed disk left");

        var result = await hub.RunAsync("restore", backup, "--json");

        Assert.True(result.ExitCode == HubCommandLine.Success, result.ToString());
        Assert.Equal(Margin, hub.Scalar("SELECT seq FROM sqlite_sequence WHERE name = 'deliveries';"));
        Assert.Equal(CommandHarness.Members.Length, hub.Scalar($"SELECT count(*) FROM hub_recipient_state WHERE last_sequence = {Margin};"));
        Assert.Equal(Margin, hub.Scalar($"SELECT last_sequence FROM sender_state WHERE sender = '{PartyId.Hub.Uri}';"));
        var json = result.Json();
        Assert.Equal("backup+margin", json.GetProperty("hubNumbering").GetString());
        Assert.False(json.GetProperty("replaced").GetProperty("readable").GetBoolean());
        Assert.Equal("what a failed disk left", File.ReadAllText(hub.DatabasePath + ".replaced-20260301-120000Z"));
        Assert.EndsWith("replaced_head=unreadable cursor_from=1000000000001 hub_sequence_from=1000000000001 hub_numbering=backup+margin",
            Text(hub.DatabasePath, "SELECT detail FROM audit WHERE action = 'restore';"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_WhileServeRuns_IsRefused_AndNothingChanges()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var backup = Path.Combine(hub.Directory, "backup.db");
        Assert.Equal(HubCommandLine.Success, (await hub.RunAsync("backup", backup)).ExitCode);
        using var serve = await ServeLock.AcquireAsync(hub.DatabasePath, "hst-hub", "Hub:DatabasePath", hub.Time, CancellationToken.None);
        var before = Snapshot(hub.Directory);

        var result = await hub.RunAsync("restore", backup);

        Assert.Equal(HubCommandLine.Failure, result.ExitCode);
        Assert.StartsWith($"hst-hub restore: {hub.DatabasePath} is being served by 'hst-hub serve' (pid {Environment.ProcessId}, started 2026-03-01 12:00:00Z): stop it first",
            result.Error, StringComparison.Ordinal);
        Assert.EndsWith($"Nothing was changed.{Environment.NewLine}", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(hub.Directory));
    }

    [Theory]
    [InlineData("text", "it is not an SQLite database (SQLite: file is not a database)")]
    [InlineData("foreign", "is not a hub database (it has tables, none of them the hub's)")]
    [InlineData("broken-chain", "'s audit chain is broken at entry 3 (edited): ")]
    [InlineData("missing", "does not exist (or is not a file)")]
    public async Task Restore_OfAFileThatIsNotAGoodHubBackup_IsRefused_AndNothingChanges(string kind, string reason)
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var backup = Path.Combine(hub.Directory, "backup.db");
        switch (kind)
        {
            case "text":
                File.WriteAllText(backup, "not a database at all, but long enough to be mistaken for one by nobody");
                break;
            case "foreign":
                Execute(backup, "CREATE TABLE notes (body TEXT);");
                break;
            case "broken-chain":
                Assert.Equal(HubCommandLine.Success, (await hub.RunAsync("backup", backup)).ExitCode);
                Execute(backup, "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'edited' WHERE seq = 3;");
                break;
        }

        var before = Snapshot(hub.Directory);

        var result = await hub.RunAsync("restore", backup);

        Assert.Equal(HubCommandLine.Failure, result.ExitCode);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.EndsWith($"Nothing was changed.{Environment.NewLine}", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split(Environment.NewLine));
        Assert.Equal(before, Snapshot(hub.Directory));
    }

    /// <summary>
    /// Every file in <paramref name="directory"/> (not below) with a hash of its bytes; not the -shm (SQLite's index of the WAL,
    /// rewritten by any reader) nor the serve lock's files, which the restore holds as serve would, and which hold no data.
    /// </summary>
    private static string Snapshot(string directory) =>
        string.Join(Environment.NewLine, System.IO.Directory.GetFiles(directory).Order(StringComparer.Ordinal)
            .Where(f => !f.EndsWith("-shm", StringComparison.Ordinal) && !f.EndsWith(".serve", StringComparison.Ordinal) && !f.EndsWith(".serve.pid", StringComparison.Ordinal))
            .Select(f => $"{Path.GetFileName(f)} {Hash(f)}"));

    private static string Hash(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    /// <summary>"entries:hash" of the last audit entry.</summary>
    private static string Head(string database)
    {
        using var connection = Open(database);
        return connection.Query("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;", r =>
        {
            Assert.True(r.Read());
            return $"{r.GetInt64(0)}:{Convert.ToHexStringLower((byte[])r[1])}";
        });
    }

    private static long? CursorFrom(string database)
    {
        using var connection = Open(database);
        return RestoreFloors.LatestCursorFrom(connection);
    }

    private static string Text(string database, string sql)
    {
        using var connection = Open(database);
        return (string)connection.Scalar(sql)!;
    }

    private static void Execute(string database, string sql)
    {
        using var connection = Open(database);
        connection.Execute(sql);
    }

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
