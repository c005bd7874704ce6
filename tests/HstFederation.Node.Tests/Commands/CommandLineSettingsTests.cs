using HstFederation.Hub.Hosting;
using HstFederation.Node.Commands;
using HstFederation.Node.Hosting;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Commands;

/// <summary>
/// What the node's commands refuse in their settings and database, no hub needed: a key no setting binds to (never written
/// by `init`), a value not of its setting's type, and the hub's database file given as the node's (and the other way round).
/// </summary>
public sealed class CommandLineSettingsTests : IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("hst-cli-settings-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ACommand_WithoutItsConfig_OrWithAFileThatIsNoNodeConfig_SaysToGiveTheFileInitWrote()
    {
        var notAConfig = Path.Combine(_directory, "case.json");
        await File.WriteAllTextAsync(notAConfig, """{ "case": { "reference": "FR-2026-0141" } }""");

        var missing = await CommandRun.RunAsync("outbox");
        var wrongFile = await CommandRun.RunAsync("outbox", "--config", notAConfig);

        Assert.Equal(NodeCommandLine.Failure, missing.ExitCode);
        Assert.StartsWith("hst-node outbox: Invalid node configuration: Node:DatabasePath: The DatabasePath field is required. (appsettings.json, --config FILE,", missing.Error, StringComparison.Ordinal);
        Assert.Contains("No --config FILE was given: every command but init reads its settings from the file 'hst-node init --config FILE' wrote",
            missing.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.Failure, wrongFile.ExitCode);
        Assert.Contains($"--config {notAConfig} sets no Node:DatabasePath: give the file 'hst-node init --config FILE' wrote.", wrongFile.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_WithMisspelledSettings_NamesEachWithTheLikelyOne_ExitsTwo_AndWritesNothing()
    {
        var config = Path.Combine(_directory, "typo", "node.json");
        var database = Path.Combine(_directory, "typo", "node.db");

        var init = await CommandRun.RunAsync(
            "init", "--config", config, $"--Node:DatabasePath={database}", "--Node:AgencyPrt=9443", "--Node:SignReceiptsInBatch=false");

        Assert.Equal(NodeCommandLine.BadArguments, init.ExitCode);
        Assert.StartsWith(
            "hst-node init: Invalid node configuration: Node:AgencyPrt is not a setting (did you mean Node:AgencyPort?) (on the command line)." + Environment.NewLine +
            "  Node:SignReceiptsInBatch is not a setting (did you mean Node:SignReceiptsInBatches?) (on the command line).",
            init.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(config));
        Assert.False(File.Exists(database));
    }

    [Fact]
    public async Task AnyCommand_MisspelledDatabasePath_IsRefusedRatherThanIgnored()
    {
        var outbox = await CommandRun.RunAsync("outbox", $"--Node:DatabsePath={Path.Combine(_directory, "n.db")}");

        Assert.Equal(NodeCommandLine.BadArguments, outbox.ExitCode);
        Assert.StartsWith("hst-node outbox: Invalid node configuration: Node:DatabsePath is not a setting (did you mean Node:DatabasePath?) (on the command line).", outbox.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_UnknownSettingInTheConfigFile_NamesItAndTheFile_AndExitsOne()
    {
        var config = Path.Combine(_directory, "node.json");
        await File.WriteAllTextAsync(config, $$"""{ "Node": { "DatabasePath": "{{Path.Combine(_directory, "n.db")}}", "SignReceiptsInBatch": false } }""");

        var outbox = await CommandRun.RunAsync("outbox", "--config", config);

        Assert.Equal(NodeCommandLine.Failure, outbox.ExitCode);
        Assert.Equal(
            $"hst-node outbox: Invalid node configuration: Node:SignReceiptsInBatch is not a setting (did you mean Node:SignReceiptsInBatches?) (in {config}).{Environment.NewLine}",
            outbox.Error);
    }

    [Fact]
    public async Task AnyCommand_ValueNotOfItsSettingsType_NamesTheKeyTheValueAndTheForm()
    {
        var outbox = await CommandRun.RunAsync("outbox", $"--Node:DatabasePath={Path.Combine(_directory, "n.db")}", "--Node:RetryDelay=5s");

        Assert.Equal(NodeCommandLine.Failure, outbox.ExitCode);
        Assert.Equal(
            "hst-node outbox: Invalid node configuration: Node:RetryDelay: '5s' is not a TimeSpan (use hh:mm:ss or d.hh:mm:ss, e.g. 00:00:05 for 5 seconds, " +
            $"1.00:00:00 for a day) (on the command line).{Environment.NewLine}",
            outbox.Error);
    }

    [Fact]
    public void Serve_UnknownSetting_IsAConfigurationErrorNamingIt()
    {
        var error = Assert.Throws<NodeConfigurationException>(() => NodeApplication.Build(["--Node:DatabasePath=x", "--Node:HubAdress=https://hub"]));

        Assert.Contains("Node:HubAdress is not a setting (did you mean Node:HubAddress?)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outbox_SchemaNewerThanThisNode_IsOneLineNamingTheFile_AndExitsOne()
    {
        var database = Path.Combine(_directory, "future.db");
        Assert.Equal(NodeCommandLine.Success, (await CommandRun.RunAsync("init", $"--Node:DatabasePath={database}")).ExitCode);
        Execute(database, "INSERT INTO schema_version VALUES (99, 0);");

        var outbox = await CommandRun.RunAsync("outbox", $"--Node:DatabasePath={database}");

        Assert.Equal(NodeCommandLine.Failure, outbox.ExitCode);
        Assert.StartsWith($"hst-node outbox: {database} is at schema version 99; this node knows versions up to ", outbox.Error, StringComparison.Ordinal);
        Assert.Single(outbox.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task EachProgram_OnTheOthersDatabase_RefusesInOneLine_LeavesItUntouched_AndVerifyAuditReportsNoTampering()
    {
        var nodeDatabase = Path.Combine(_directory, "node.db");
        var hubDatabase = Path.Combine(_directory, "hub.db");
        Assert.Equal(NodeCommandLine.Success, (await CommandRun.RunAsync("init", $"--Node:DatabasePath={nodeDatabase}")).ExitCode);
        Assert.Equal(0, (await HubAsync("init", $"--Hub:DatabasePath={hubDatabase}")).Exit);
        var hubSchema = Schema(hubDatabase);
        var nodeSchema = Schema(nodeDatabase);

        var outbox = await CommandRun.RunAsync("outbox", $"--Node:DatabasePath={hubDatabase}");
        var nodeAudit = await CommandRun.RunAsync("verify-audit", $"--Node:DatabasePath={hubDatabase}");
        var members = await HubAsync("members", $"--Hub:DatabasePath={nodeDatabase}");
        var hubAudit = await HubAsync("verify-audit", $"--Hub:DatabasePath={nodeDatabase}");

        var nodeLine = $"{hubDatabase} is the hub's database, not the node's: Node:DatabasePath must name the node's own database file. Nothing was changed.{Environment.NewLine}";
        var hubLine = $"{nodeDatabase} is the node's database, not the hub's: Hub:DatabasePath must name the hub's own database file. Nothing was changed.{Environment.NewLine}";
        Assert.Equal((NodeCommandLine.Failure, "hst-node outbox: " + nodeLine), (outbox.ExitCode, outbox.Error));
        Assert.Equal((NodeCommandLine.Failure, "hst-node verify-audit: " + nodeLine, string.Empty), (nodeAudit.ExitCode, nodeAudit.Error, nodeAudit.Out));
        Assert.Equal((1, "hst-hub members: " + hubLine), members);
        Assert.Equal((1, "hst-hub verify-audit: " + hubLine), hubAudit);
        Assert.Equal(hubSchema, Schema(hubDatabase));
        Assert.Equal(nodeSchema, Schema(nodeDatabase));
    }

    /// <summary>`hst-hub` in-process (its command line is internal to the hub: reached as the node tests' TestHub does); exit code and everything written.</summary>
    private static async Task<(int Exit, string Output)> HubAsync(params string[] args)
    {
        var type = typeof(HubApplication).Assembly.GetType("HstFederation.Hub.Commands.HubCommandLine", throwOnError: true)!;
        var run = type.GetMethod("RunAsync", [typeof(IReadOnlyList<string>), typeof(TextWriter), typeof(TextWriter), typeof(TimeProvider), typeof(CancellationToken)])!;
        using var output = new StringWriter();
        var exit = await (Task<int>)run.Invoke(null, [args, output, output, TimeProvider.System, CancellationToken.None])!;
        return (exit, output.ToString());
    }

    /// <summary>The file's tables and indexes, its schema versions and its application_id: what a migration would change.</summary>
    private static string Schema(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        return $"{connection.Scalar("PRAGMA application_id;")} {connection.Scalar("SELECT group_concat(version) FROM schema_version;")} " +
            connection.Scalar("SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema ORDER BY name);");
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        connection.Execute(sql);
    }
}
