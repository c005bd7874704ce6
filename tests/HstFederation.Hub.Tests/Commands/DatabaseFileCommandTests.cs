using HstFederation.Hub.Commands;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// What the on-call engineer meets when Hub:DatabasePath is not the hub's file as it should be: missing (a typo, a volume
/// not mounted), empty (a truncated copy), or on a full disk; and a serve whose lock file cannot be written.
/// </summary>
public sealed class DatabaseFileCommandTests
{
    [Fact]
    public async Task Serve_DatabaseDoesNotExist_RefusesToCreateANewHub()
    {
        using var hub = CommandHarness.Create();
        var database = Path.Combine(hub.PkiDirectory, "hub.db");

        var serve = await hub.RunBareAsync(["serve", .. Hosting.HubArguments.For(hub.PkiDirectory, ["--Hub:AdminPort=-1"], [])]);

        Assert.Equal(
            (HubCommandLine.Failure, $"hst-hub serve: Hub:DatabasePath: {database} does not exist; create it with 'hst-hub init'.{Environment.NewLine}"),
            (serve.ExitCode, serve.Error));
        Assert.False(File.Exists(database));
    }

    [Fact]
    public async Task Serve_DatabaseIsAnEmptyFile_RefusesIt_AndLeavesItEmpty()
    {
        using var hub = CommandHarness.Create();
        var database = Path.Combine(hub.PkiDirectory, "hub.db");
        await File.WriteAllBytesAsync(database, []);

        var serve = await hub.RunBareAsync(["serve", .. Hosting.HubArguments.For(hub.PkiDirectory, ["--Hub:AdminPort=-1"], [])]);

        Assert.Equal(HubCommandLine.Failure, serve.ExitCode);
        Assert.Equal(
            $"hst-hub serve: Hub:DatabasePath: {database} is empty (0 bytes): not a hub database. If the hub's database was here, restore it " +
            $"from a backup; a new hub starts with 'hst-hub init'. Nothing was changed.{Environment.NewLine}",
            serve.Error);
        Assert.Equal(0, new FileInfo(database).Length);
    }

    [Theory]
    [InlineData("members")]
    [InlineData("stats")]
    [InlineData("regions")]
    [InlineData("hits")]
    public async Task ReadCommand_DatabaseIsAnEmptyFile_RefusesIt_AndLeavesItEmpty(string command)
    {
        using var hub = CommandHarness.Create();
        await File.WriteAllBytesAsync(hub.DatabasePath, []);

        var result = await hub.RunAsync(command);

        Assert.Equal(HubCommandLine.Failure, result.ExitCode);
        Assert.StartsWith($"hst-hub {command}: Hub:DatabasePath: {hub.DatabasePath} is empty (0 bytes): not a hub database.", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
        Assert.Equal(0, new FileInfo(hub.DatabasePath).Length);
    }

    [Fact]
    public async Task Init_DatabaseIsAnEmptyFile_CreatesTheHubThereAndAuditsIt()
    {
        using var hub = CommandHarness.Create();
        await File.WriteAllBytesAsync(hub.DatabasePath, []);

        var init = await hub.RunAsync("init");

        Assert.True(init.ExitCode == HubCommandLine.Success, init.ToString());
        Assert.StartsWith($"Created database {hub.DatabasePath} (schema version ", init.Out, StringComparison.Ordinal);
        Assert.Equal(1, hub.Scalar("SELECT count(*) FROM audit WHERE action = 'init'"));
    }

    [Fact]
    public async Task Serve_ServeLockFileCannotBeWritten_OneLineNamingIt_ExitsOne()
    {
        using var hub = CommandHarness.Create();
        var database = Path.Combine(hub.PkiDirectory, "hub.db");
        Assert.Equal(HubCommandLine.Success, (await hub.RunBareAsync("init", $"--Hub:DatabasePath={database}")).ExitCode);
        // Where serve writes its pid before renaming it into place: a directory there fails the write as a full disk does.
        System.IO.Directory.CreateDirectory(database + ".serve.pid.tmp");

        var serve = await hub.RunBareAsync(["serve", .. Hosting.HubArguments.For(hub.PkiDirectory, ["--Hub:AdminPort=-1"], [])]);

        Assert.Equal(HubCommandLine.Failure, serve.ExitCode);
        Assert.StartsWith($"hst-hub serve: cannot write {database}.serve.pid, the serve lock beside {database}: ", serve.Error, StringComparison.Ordinal);
        Assert.EndsWith(
            $"Free space on that disk, or let this user write to that directory, then start serve again.{Environment.NewLine}", serve.Error, StringComparison.Ordinal);
        Assert.Single(serve.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task OperatorWrite_BeyondTheStorageQuota_NamesTheFileAndWhatToDo_AndChangesNothing()
    {
        using var hub = CommandHarness.Create();
        Assert.Equal(HubCommandLine.Success, (await hub.RunAsync("init")).ExitCode);
        // Every assigned code: more rows than the pages the fresh file has room for, so the write must grow the file.
        var everyCode = string.Join(",",
            Enumerable.Range('A', 26).SelectMany(a => Enumerable.Range('A', 26).Select(b => $"{(char)a}{(char)b}")).Where(CountryCodes.IsAssigned));

        var define = await hub.RunAsync("regions", "define", "world", "--members", everyCode, "--Hub:MaxDatabasePages=1");

        Assert.Equal(HubCommandLine.Failure, define.ExitCode);
        Assert.Equal(
            $"hst-hub regions: {hub.DatabasePath} cannot be written: its disk is full or it reached Hub:MaxDatabasePages (1 pages); nothing of " +
            $"this command was committed. Free space on that disk (or raise Hub:MaxDatabasePages) and run the command again.{Environment.NewLine}",
            define.Error);
        Assert.Equal(0, hub.Scalar("SELECT count(*) FROM audit WHERE action = 'define-region'"));
    }
}
