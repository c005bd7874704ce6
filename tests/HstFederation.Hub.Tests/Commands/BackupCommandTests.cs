using HstFederation.Hub.Commands;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// `hst-hub backup`: a copy an operator can restore (the hub's own commands read it), holding what is committed even
/// while it sits in the -wal file, in one file, checked, never over another file, and with the audit chain's head printed.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BackupCommandTests
{
    [Fact]
    public async Task Backup_ToADirectory_WritesADatedCopyTheHubReads_AndPrintsTheAuditHead()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        // Not the mode init gives (0600): the copy must take the database's own, whatever it is (group read for a backup agent).
        const UnixFileMode groupReads = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(hub.DatabasePath, groupReads);
        var backups = System.IO.Directory.CreateDirectory(Path.Combine(hub.Directory, "backups")).FullName;

        var result = await hub.RunAsync("backup", backups);

        var copy = Path.Combine(backups, "hub-20260301-120000Z.db");
        Assert.True(result.ExitCode == HubCommandLine.Success, result.ToString());
        var lines = result.Out.TrimEnd().Split(Environment.NewLine);
        Assert.StartsWith($"backup written: {copy} (", lines[0], StringComparison.Ordinal);
        Assert.Equal($"audit chain intact, 5 entries; head {Head(hub.DatabasePath)}", lines[1]);
        Assert.Equal([Path.GetFileName(copy)], System.IO.Directory.GetFiles(backups).Select(Path.GetFileName));
        Assert.Equal(groupReads, File.GetUnixFileMode(copy));
        Assert.Equal($"intact, 5 entries; head {Head(hub.DatabasePath)}", (await hub.RunBareAsync("verify-audit", $"--Hub:DatabasePath={copy}")).Out.Trim());
        Assert.EndsWith($"check the database against it later with: hst-hub verify-audit --recorded-head 5:{Head(hub.DatabasePath)}", lines[2], StringComparison.Ordinal);
        var members = await hub.RunBareAsync("members", "--json", $"--Hub:DatabasePath={copy}");
        Assert.Equal(CommandHarness.Members.Length, members.Json().GetProperty("members").GetArrayLength());
    }

    [Fact]
    public async Task Backup_CommitsStillInTheWal_AreInTheCopy_WhichIsOneFileOnItsOwn()
    {
        using var hub = CommandHarness.Create();
        Assert.Equal(HubCommandLine.Success, (await hub.RunAsync("init")).ExitCode);
        // An open reader keeps the last connection of each command from checkpointing: the enrolments stay in the WAL,
        // where a copy of the file alone would miss them.
        using var reader = Open(hub.DatabasePath);
        reader.Execute("BEGIN; SELECT count(*) FROM audit;");
        var enrolled = await hub.RunAsync("enroll", "FR", "--party-dir", hub.MemberDirectory("FR"));
        Assert.True(enrolled.ExitCode == 0, enrolled.ToString());
        reader.Execute("COMMIT;");
        Assert.True(new FileInfo(hub.DatabasePath + "-wal").Length > 0);
        var copy = Path.Combine(hub.Directory, "copy.db");

        var result = await hub.RunAsync("backup", copy);

        Assert.True(result.ExitCode == HubCommandLine.Success, result.ToString());
        Assert.False(File.Exists(copy + "-wal"));
        using var backup = Open(copy);
        Assert.Equal("delete", backup.Scalar("PRAGMA journal_mode;"));
        Assert.Equal(1L, backup.Scalar("SELECT count(*) FROM members;"));
        Assert.Equal(2L, backup.Scalar("SELECT count(*) FROM audit;"));
    }

    [Fact]
    public async Task Backup_OverAnExistingFile_IsRefused_AndTheFileIsUntouched()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var existing = Path.Combine(hub.Directory, "yesterday.db");
        await File.WriteAllTextAsync(existing, "yesterday's backup");

        var result = await hub.RunAsync("backup", existing);

        Assert.Equal(
            (HubCommandLine.Failure, $"hst-hub backup: {existing} exists; a backup never overwrites a file. Name a new file, or a directory to write it in.{Environment.NewLine}"),
            (result.ExitCode, result.Error));
        Assert.Equal("yesterday's backup", await File.ReadAllTextAsync(existing));
        Assert.Equal(HubCommandLine.Failure, (await hub.RunAsync("backup", hub.DatabasePath)).ExitCode);
    }

    [Fact]
    public async Task Backup_ThatCannotBeWritten_LeavesNothingUnderTheName_AndSaysWhy()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var copy = Path.Combine(hub.Directory, "copy.db");
        // Where the copy is written before it takes its name: a directory there fails the write as a full disk would.
        System.IO.Directory.CreateDirectory(copy + ".partial");
        File.WriteAllText(Path.Combine(copy + ".partial", "keep"), "not a backup's");

        var result = await hub.RunAsync("backup", copy);

        Assert.Equal(HubCommandLine.Failure, result.ExitCode);
        Assert.StartsWith($"hst-hub backup: cannot write {copy}: ", result.Error, StringComparison.Ordinal);
        Assert.EndsWith($"Nothing was written under that name.{Environment.NewLine}", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(copy));
    }

    [Fact]
    public async Task Backup_OfADatabaseWhoseAuditChainIsBroken_KeepsTheCopyAsEvidence_AndExitsWithFailure()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        using (var connection = Open(hub.DatabasePath))
        {
            connection.Execute("DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'edited' WHERE seq = 3;");
        }

        var copy = Path.Combine(hub.Directory, "evidence.db");
        var result = await hub.RunAsync("backup", copy);

        Assert.Equal(HubCommandLine.Failure, result.ExitCode);
        Assert.StartsWith("audit chain broken at entry 3 (edited): ", result.Out.Split(Environment.NewLine)[1], StringComparison.Ordinal);
        Assert.True(File.Exists(copy));
        var json = (await hub.RunAsync("backup", Path.Combine(hub.Directory, "evidence2.db"), "--json")).Json();
        Assert.False(json.GetProperty("audit").GetProperty("intact").GetBoolean());
        Assert.Equal(3, json.GetProperty("audit").GetProperty("brokenAt").GetInt64());
    }

    [Fact]
    public async Task Backup_WithoutADestination_IsAUsageError()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();

        var result = await hub.RunAsync("backup");

        Assert.Equal(HubCommandLine.BadArguments, result.ExitCode);
        Assert.StartsWith("hst-hub backup: missing the backup's file or directory.", result.Error, StringComparison.Ordinal);
    }

    private static string Head(string database)
    {
        using var connection = Open(database);
        return Convert.ToHexStringLower((byte[])connection.Scalar("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1;")!);
    }

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
