using HstFederation.Hub.Commands;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Tests.Commands;

public sealed class VerifyAuditCommandTests
{
    [Fact]
    public async Task VerifyAudit_AfterOperatorCommands_IsIntactAndCountsTheirEntries()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();                                       // init + 4 enrolments
        await hub.RunAsync("suspend", "IT");                                    // 1
        await hub.RunAsync("regions", "define", "schengen", "--members", "FR,DE"); // 1
        await hub.RunAsync("revoke", "ES", "--root-key", hub.RootKeyPath, "--yes"); // status + certificates

        var result = await hub.RunAsync("verify-audit");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches("^intact, 9 entries; head [0-9a-f]{64}$", result.Out.Trim());
        var json = (await hub.RunAsync("verify-audit", "--json")).Json();
        Assert.True(json.GetProperty("intact").GetBoolean());
        Assert.Equal(9, json.GetProperty("entries").GetInt64());
        Assert.Equal(result.Out.Trim()[^64..], json.GetProperty("head").GetString());
        Assert.All(AuditActors(hub), actor => Assert.Equal("operator:" + Environment.UserName, actor));
    }

    [Fact]
    public async Task VerifyAudit_TamperedEntry_FailsNamingIt()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        await hub.RunAsync("suspend", "IT");
        Tamper(hub, "UPDATE audit SET detail = 'urn:hst:member:IT Active' WHERE seq = 3;");

        var result = await hub.RunAsync("verify-audit");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("broken at entry 3 (edited)", result.Out, StringComparison.Ordinal);
        var json = (await hub.RunAsync("verify-audit", "--json")).Json();
        Assert.False(json.GetProperty("intact").GetBoolean());
        Assert.Equal(3, json.GetProperty("brokenAt").GetInt64());
    }

    [Fact]
    public async Task VerifyAudit_DeletedEntry_FailsNamingTheGap()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        Tamper(hub, "DELETE FROM audit WHERE seq = 2;");

        var result = await hub.RunAsync("verify-audit");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("broken at entry 2 (deleted)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAudit_TheCheckBackupPrinted_FindsTheHeadUntilTheTailIsCutAndTheCounterSetBack()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var backup = await hub.RunAsync("backup", Path.Combine(hub.Directory, "copy.db"));
        var check = backup.Out.TrimEnd().Split(Environment.NewLine)[2];
        var arguments = check[(check.IndexOf("hst-hub verify-audit ", StringComparison.Ordinal) + "hst-hub verify-audit ".Length)..].Split(' ');
        Assert.Equal(["--recorded-head", "5:" + (await hub.RunAsync("verify-audit", "--json")).Json().GetProperty("head").GetString()], arguments);
        await hub.RunAsync("suspend", "IT");

        var found = await hub.RunAsync(["verify-audit", .. arguments]);
        // Entries 5 and 6 gone, and sqlite_sequence set back so that the chain alone reads as whole.
        Tamper(hub, "DELETE FROM audit WHERE seq >= 5; UPDATE sqlite_sequence SET seq = 4 WHERE name = 'audit';");
        var plain = await hub.RunAsync("verify-audit");
        var cut = await hub.RunAsync(["verify-audit", .. arguments]);
        var json = (await hub.RunAsync(["verify-audit", "--json", .. arguments])).Json();

        Assert.True(found.ExitCode == HubCommandLine.Success, found.ToString());
        Assert.Equal("recorded head found at entry 5: entries 1..5 are as they were when it was recorded", found.Out.TrimEnd().Split(Environment.NewLine)[1]);
        Assert.StartsWith("intact, 6 entries; head ", found.Out, StringComparison.Ordinal);
        Assert.StartsWith("intact, 4 entries; head ", plain.Out, StringComparison.Ordinal);
        Assert.Equal(HubCommandLine.Failure, cut.ExitCode);
        Assert.StartsWith("broken at entry 5 (rewritten): the chain ends at seq 4, short of the head recorded at seq 5", cut.Out, StringComparison.Ordinal);
        Assert.Equal(("rewritten", 5L), (json.GetProperty("break").GetString(), json.GetProperty("brokenAt").GetInt64()));
    }

    [Theory]
    [InlineData("5", "is not a recorded head: write it as ENTRY:HASH")]
    [InlineData("0:0000000000000000000000000000000000000000000000000000000000000000", "'0' is not an entry number")]
    [InlineData("5:6a28", "'6a28' is not a head: 64 hex digits")]
    public async Task VerifyAudit_RecordedHeadNotAHead_IsAUsageErrorNamingTheOption(string value, string problem)
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();

        var result = await hub.RunAsync("verify-audit", "--recorded-head", value);

        Assert.Equal(HubCommandLine.BadArguments, result.ExitCode);
        Assert.Contains("--recorded-head: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(problem, result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task VerifyAudit_NoDatabase_FailsNamingTheSetting()
    {
        using var hub = CommandHarness.Create();

        var result = await hub.RunAsync("verify-audit");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Hub:DatabasePath", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(hub.DatabasePath));
    }

    [Fact]
    public async Task VerifyAudit_EmptyFile_SaysThereIsNoAuditLogYet()
    {
        using var hub = CommandHarness.Create();
        File.WriteAllBytes(hub.DatabasePath, []);

        var result = await hub.RunAsync("verify-audit");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{hub.DatabasePath} is empty (no tables): not a hub database yet, so it has no audit log to verify", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("none of them", result.Error, StringComparison.Ordinal);
        Assert.Empty(File.ReadAllBytes(hub.DatabasePath));
    }

    [Fact]
    public async Task VerifyAudit_ADirectory_IsNamedAsOne()
    {
        using var hub = CommandHarness.Create();
        System.IO.Directory.CreateDirectory(hub.DatabasePath);

        var result = await hub.RunAsync("verify-audit");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{hub.DatabasePath} is a directory", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", result.Error, StringComparison.Ordinal);
    }

    /// <summary>What an insider with the sqlite3 shell does: drop the guards, change rows.</summary>
    private static void Tamper(CommandHarness hub, string sql)
    {
        using var connection = Open(hub);
        connection.Execute("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;");
        connection.Execute(sql);
    }

    private static List<string> AuditActors(CommandHarness hub)
    {
        using var connection = Open(hub);
        using var command = connection.Command("SELECT actor FROM audit ORDER BY seq;");
        using var reader = command.ExecuteReader();
        var actors = new List<string>();
        while (reader.Read())
        {
            actors.Add(reader.GetString(0));
        }

        return actors;
    }

    private static SqliteConnection Open(CommandHarness hub)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = hub.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
