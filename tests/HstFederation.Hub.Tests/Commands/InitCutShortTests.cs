using HstFederation.Hub.Commands;
using HstFederation.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// `hst-hub init` cut short by a full disk or a kill leaves no half-made hub at Hub:DatabasePath, nor the development PKI it
/// wrote: the same command runs again whole. What an init of an earlier release left (a schema with an empty audit log, a
/// file with no tables) is completed by init and refused by the other commands with the next step.
/// </summary>
public sealed class InitCutShortTests
{
    [Fact]
    public async Task InitDevPki_CutShortByAFullDisk_LeavesNoDatabaseNorPki_AndTheSameCommandThenCreatesTheHubWhole()
    {
        using var hub = CommandHarness.Create();
        var pki = Path.Combine(hub.Directory, "dev-pki");
        var database = Path.Combine(hub.Directory, "dev.db");
        // The quota (the existing stand-in for a full disk) holds a new hub and its init entry, not the members' certificates.
        var reference = Path.Combine(hub.Directory, "reference.db");
        Assert.Equal(0, (await hub.RunBareAsync("init", $"--Hub:DatabasePath={reference}")).ExitCode);
        var pages = PageCount(reference);
        // Enough members that their certificates need pages the new hub does not have.
        const string members = "FR,DE,IT,ES,PT,NL,BE,LU,AT,CH,PL,CZ,SK,HU,RO,BG,GR,SE,NO,DK,FI,IE,MT,CY";
        string[] command = ["init", "--dev-pki", pki, "--members", members, $"--Hub:DatabasePath={database}"];

        var full = await hub.RunBareAsync([.. command, $"--Hub:MaxDatabasePages={pages}"]);

        Assert.Equal(
            (HubCommandLine.Failure,
                $"hst-hub init: {database} cannot be written: its disk is full or it reached Hub:MaxDatabasePages ({pages} pages); nothing of this command " +
                $"was committed. Free space on that disk (or raise Hub:MaxDatabasePages) and run the command again.{Environment.NewLine}"),
            (full.ExitCode, full.Error));
        Assert.False(File.Exists(database));
        Assert.False(File.Exists(DatabaseCreation.BuildingPath(database)));
        Assert.False(System.IO.Directory.Exists(pki));

        var again = await hub.RunBareAsync(command);

        Assert.True(again.ExitCode == HubCommandLine.Success, again.ToString());
        Assert.StartsWith($"Created database {database} (schema version {SchemaMigrations.LatestVersion}).", again.Out, StringComparison.Ordinal);
        var enrolled = await hub.RunBareAsync("members", "--json", $"--Hub:DatabasePath={database}");
        Assert.Equal(members.Split(',').Order(StringComparer.Ordinal), CommandHarness.Array(enrolled.Json(), "members").Select(m => m.GetProperty("code").GetString()));
        Assert.Equal(["init", "init-dev-pki"], Actions(database).Take(2));
    }

    [Fact]
    public async Task Init_AfterAnInitKilledWhileBuilding_DiscardsWhatItLeft_AndCreatesTheHub()
    {
        using var hub = CommandHarness.Create();
        // A kill after the schema's commit, before the init entry: the schema alone, in the file init builds in.
        await using (HubStore.Open(DatabaseCreation.BuildingPath(hub.DatabasePath), hub.Time))
        {
        }

        var init = await hub.RunAsync("init");

        Assert.True(init.ExitCode == HubCommandLine.Success, init.ToString());
        Assert.StartsWith($"Created database {hub.DatabasePath} ", init.Out, StringComparison.Ordinal);
        Assert.Equal(["init"], Actions(hub.DatabasePath));
        Assert.False(File.Exists(DatabaseCreation.BuildingPath(hub.DatabasePath)));
    }

    [Fact]
    public async Task Init_OnAHubAnEarlierInitLeftWithAnEmptyAuditLog_CompletesIt_ThenFindsItExisting()
    {
        using var hub = CommandHarness.Create();
        await using (HubStore.Open(hub.DatabasePath, hub.Time))
        {
        }

        var completed = await hub.RunAsync("init");
        var again = await hub.RunAsync("init");

        Assert.True(completed.ExitCode == HubCommandLine.Success, completed.ToString());
        Assert.StartsWith(
            $"Completed database {hub.DatabasePath} (schema version {SchemaMigrations.LatestVersion}): an earlier init was cut short before it audited itself",
            completed.Out, StringComparison.Ordinal);
        Assert.StartsWith($"Database {hub.DatabasePath} exists", again.Out, StringComparison.Ordinal);
        Assert.Equal(["init"], Actions(hub.DatabasePath));
        Assert.Equal(1, hub.Scalar("SELECT count(*) FROM audit WHERE detail LIKE '%completes an init cut short before this entry'"));
    }

    [Fact]
    public async Task Commands_OnAFileAnEarlierInitLeftWithNoTables_RefuseWithTheNextStep_AndInitCreatesTheHubInIt()
    {
        using var hub = CommandHarness.Create();
        using (var connection = new SqliteConnection($"Data Source={hub.DatabasePath};Pooling=False"))
        {
            connection.Open();
            connection.Execute("PRAGMA journal_mode = WAL;"); // what a full disk in its migrations left: the header page, no table
        }

        var members = await hub.RunAsync("members");

        Assert.Equal(
            (HubCommandLine.Failure,
                $"hst-hub members: Hub:DatabasePath: {hub.DatabasePath} is an SQLite file with no tables: not a hub database yet. An 'hst-hub init' of an " +
                "earlier release cut short by a full disk or a kill leaves such a file: run 'hst-hub init' to create the hub in it; if the hub's database " +
                $"was here, restore it from a backup. Nothing was changed.{Environment.NewLine}"),
            (members.ExitCode, members.Error));

        var init = await hub.RunAsync("init");

        Assert.True(init.ExitCode == HubCommandLine.Success, init.ToString());
        Assert.StartsWith($"Created database {hub.DatabasePath} ", init.Out, StringComparison.Ordinal);
        Assert.Equal(["init"], Actions(hub.DatabasePath));
    }

    private static long PageCount(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return (long)connection.Scalar("PRAGMA page_count;")!;
    }

    private static List<string> Actions(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection.Query("SELECT action FROM audit ORDER BY seq;", reader =>
        {
            var actions = new List<string>();
            while (reader.Read())
            {
                actions.Add(reader.GetString(0));
            }

            return actions;
        });
    }
}
