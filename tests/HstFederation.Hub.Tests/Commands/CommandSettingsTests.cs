using System.Diagnostics;
using HstFederation.Hosting;
using HstFederation.Hub.Commands;
using HstFederation.Hub.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// Where the hub's commands get their settings and what they refuse: a settings file that is not JSON, --config FILE, a
/// key no setting binds to, a value not of its setting's type, and a database file that is not the hub's.
/// </summary>
public sealed class CommandSettingsTests : IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("hst-hub-settings-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private string DatabasePath => Path.Combine(_directory, "hub.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("members")]
    [InlineData("serve")]
    public async Task AnyCommand_InADirectoryWhoseAppSettingsIsNotJson_NamesTheFileAndLine_AndExitsOne(string command)
    {
        // The real executable in its own working directory: appsettings.json is read from there.
        await File.WriteAllTextAsync(Path.Combine(_directory, "appsettings.json"), "{\"Hub\":{\n");

        var (exit, output) = await RunProcessAsync(command);

        Assert.True(exit == HubCommandLine.Failure, $"exit {exit}: {output}");
        Assert.Contains($"Failed to load configuration from file '{Path.Combine(_directory, "appsettings.json")}'.", output, StringComparison.Ordinal);
        Assert.Contains("LineNumber: 1", output, StringComparison.Ordinal);
        Assert.Contains("Fix the file's JSON", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_WithConfigFile_ReadsTheDatabasePathFromIt()
    {
        Assert.Equal(HubCommandLine.Success, (await RunAsync("init", $"--Hub:DatabasePath={DatabasePath}")).ExitCode);
        var config = await WriteConfigAsync("hub.json", $$"""{ "Hub": { "DatabasePath": "{{DatabasePath}}" } }""");

        var members = await RunAsync("members", "--config", config);

        Assert.True(members.ExitCode == HubCommandLine.Success, members.ToString());
        Assert.Contains("No members enrolled", members.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_ConfigFileWithAMisspelledSection_NamesIt_AndExitsOne()
    {
        Assert.Equal(HubCommandLine.Success, (await RunAsync("init", $"--Hub:DatabasePath={DatabasePath}")).ExitCode);
        // "Hb" would hide every setting under it; "Logging" is another program part's and stays allowed.
        var config = await WriteConfigAsync("hub.json", """{ "Hb": { "Port": 7443 }, "Logging": { "LogLevel": { "Default": "Warning" } } }""");

        var members = await RunAsync("members", "--config", config, $"--Hub:DatabasePath={DatabasePath}");

        Assert.Equal(HubCommandLine.Failure, members.ExitCode);
        Assert.Contains($"Hb is not a section (did you mean Hub?): nothing under it is read (in {config}).", members.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithConfigFile_ReadsItsSettings()
    {
        var config = await WriteConfigAsync("hub.json", $$"""{ "Hub": { "DatabasePath": "{{DatabasePath}}", "Port": 0 } }""");

        var error = Assert.Throws<HubConfigurationException>(() => HubApplication.Build(["--config", config]));

        // Only what the file does not give is missing.
        Assert.Contains("Hub:CredentialsDirectory", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Hub:DatabasePath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_ConfigFileMissing_NamesIt_AndExitsOne()
    {
        var missing = Path.Combine(_directory, "absent.json");

        var result = await RunAsync("members", "--config", missing);

        Assert.Equal(HubCommandLine.Failure, result.ExitCode);
        Assert.Equal($"hst-hub members: --config: {missing} does not exist.{Environment.NewLine}", result.Error);
    }

    [Fact]
    public async Task AnyCommand_ConfigFileNotJson_NamesIt_AndExitsOne()
    {
        var config = await WriteConfigAsync("bad.json", "{\"Hub\":{\n");

        var result = await RunAsync("members", "--config", config);

        Assert.Equal(HubCommandLine.Failure, result.ExitCode);
        Assert.Contains($"Failed to load configuration from file '{config}'.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_OfACommand_ShowsConfigOption()
    {
        var help = await RunAsync("suspend", "--help");

        Assert.Contains("--config FILE", help.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Hub:DatabsePath=x.db", "Hub:DatabsePath is not a setting (did you mean Hub:DatabasePath?) (on the command line).")]
    [InlineData("--Hub:Retention:StatusDay=60", "Hub:Retention:StatusDay is not a setting (did you mean Hub:Retention:StatusDays?) (on the command line).")]
    [InlineData("--Hub:Intelligence:BatchSze=8", "Hub:Intelligence:BatchSze is not a setting (did you mean Hub:Intelligence:BatchSize?) (on the command line).")]
    [InlineData("--Hub:Colour=blue", "Hub:Colour is not a setting (on the command line).")]
    public async Task AnyCommand_UnknownSettingOnTheCommandLine_NamesItAndTheLikelyOne_AndExitsTwo(string setting, string expected)
    {
        var result = await RunAsync("members", $"--Hub:DatabasePath={DatabasePath}", setting);

        Assert.Equal(HubCommandLine.BadArguments, result.ExitCode);
        Assert.StartsWith($"hst-hub members: Invalid hub configuration: {expected}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_UnknownSettingInAFile_NamesItAndTheFile_AndExitsOne()
    {
        var config = await WriteConfigAsync("hub.json", $$"""{ "Hub": { "DatabasePath": "{{DatabasePath}}", "Retention": { "StatusDay": 60 } } }""");

        var result = await RunAsync("status", "--config", config);

        Assert.Equal(HubCommandLine.Failure, result.ExitCode);
        Assert.Equal(
            $"hst-hub status: Invalid hub configuration: Hub:Retention:StatusDay is not a setting (did you mean Hub:Retention:StatusDays?) (in {config}).{Environment.NewLine}",
            result.Error);
    }

    [Fact]
    public async Task AnyCommand_KnownSettingsOfEveryShape_AreAccepted()
    {
        Assert.Equal(HubCommandLine.Success, (await RunAsync("init", $"--Hub:DatabasePath={DatabasePath}")).ExitCode);

        var result = await RunAsync("members", $"--Hub:DatabasePath={DatabasePath}", "--hub:port=7443", "--Hub:Intelligence:MatchingKeyIds:0=k1",
            "--Hub:Retention:StatusDays=60", "--Hub:Products:Kinds=corridor", "--Hub:MaxDatabasePages=", "--Hub:PortFile=");

        Assert.True(result.ExitCode == HubCommandLine.Success, result.ToString());
    }

    [Theory]
    [InlineData("--Hub:Port=notanumber", "Hub:Port: 'notanumber' is not a whole number (on the command line).")]
    [InlineData("--Hub:SubmitWindow=5s", "Hub:SubmitWindow: '5s' is not a TimeSpan (use hh:mm:ss or d.hh:mm:ss, e.g. 00:00:05 for 5 seconds, 1.00:00:00 for a day) (on the command line).")]
    [InlineData("--Hub:Retention:Enabled=yes", "Hub:Retention:Enabled: 'yes' is not true or false (on the command line).")]
    [InlineData("--Hub:Intelligence:MatchingKeyIds=k1",
        "Hub:Intelligence:MatchingKeyIds is a list: 'k1' given as one value would be ignored; give each item its index (Hub:Intelligence:MatchingKeyIds:0=k1, Hub:Intelligence:MatchingKeyIds:1=…, or a JSON array in a settings file) (on the command line).")]
    public async Task AnyCommand_ValueNotOfItsSettingsType_NamesTheKeyTheValueAndTheForm_AndExitsOne(string setting, string expected)
    {
        Assert.Equal(HubCommandLine.Success, (await RunAsync("init", $"--Hub:DatabasePath={DatabasePath}")).ExitCode);

        var result = await RunAsync("members", $"--Hub:DatabasePath={DatabasePath}", setting);

        Assert.Equal(HubCommandLine.Failure, result.ExitCode);
        Assert.Equal($"hst-hub members: Invalid hub configuration: {expected}{Environment.NewLine}", result.Error);
    }

    [Fact]
    public void Serve_UnknownSettingOrValueNotOfItsType_IsAConfigurationErrorNamingIt()
    {
        string[] paths = ["--Hub:DatabasePath=x", "--Hub:CredentialsDirectory=x", "--Hub:RootCertificatePath=x", "--Hub:RevocationListPath=x"];

        var unknown = Assert.Throws<HubConfigurationException>(() => HubApplication.Build([.. paths, "--Hub:Prot=0"]));
        var value = Assert.Throws<HubConfigurationException>(() => HubApplication.Build([.. paths, "--Hub:RegistryRefresh=2s"]));

        Assert.Contains("Hub:Prot is not a setting (did you mean Hub:Port?)", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:RegistryRefresh: '2s' is not a TimeSpan", value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_ValidationProblem_IsTheSameOneLineShape()
    {
        string[] paths = ["--Hub:DatabasePath=x", "--Hub:CredentialsDirectory=x", "--Hub:RootCertificatePath=x", "--Hub:RevocationListPath=x"];

        var address = Assert.Throws<HubConfigurationException>(() => HubApplication.Build([.. paths, "--Hub:ListenAddress=nope"]));

        Assert.Equal("Invalid hub configuration: Hub:ListenAddress: 'nope' is not an IP address.", address.Message);
    }

    [Fact]
    public async Task Serve_UnknownSettingOnTheCommandLine_ExitsTwo()
    {
        var result = await RunAsync("serve", "--Hub:Prot=0");

        Assert.Equal(HubCommandLine.BadArguments, result.ExitCode);
        Assert.StartsWith("hst-hub serve: Invalid hub configuration: Hub:Prot is not a setting (did you mean Hub:Port?) (on the command line).", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_UnknownSettingInAFile_IsTheSameLineAsAnyCommands_AndExitsOne()
    {
        var config = await WriteConfigAsync("hub.json", """{ "Hub": { "Prot": 7443 } }""");

        var result = await RunAsync("serve", "--config", config);

        Assert.Equal(HubCommandLine.Failure, result.ExitCode);
        Assert.Equal($"hst-hub serve: Invalid hub configuration: Hub:Prot is not a setting (did you mean Hub:Port?) (in {config}).{Environment.NewLine}", result.Error);
    }

    [Fact]
    public async Task AnyCommand_RequiredSettingMissing_IsTheSameShapeAsAnUnknownOne()
    {
        var result = await RunAsync("members");

        Assert.Equal(HubCommandLine.Failure, result.ExitCode);
        Assert.StartsWith("hst-hub members: Invalid hub configuration: Hub:DatabasePath: The DatabasePath field is required. (", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_OnANodeDatabase_IsOneLineNamingTheFile_AndExitsOne()
    {
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString()))
        {
            connection.Open();
            connection.Execute($"PRAGMA application_id = {DatabaseProgram.Node.ApplicationId}; CREATE TABLE outbox (local_id INTEGER PRIMARY KEY);");
        }

        var members = await RunAsync("members", $"--Hub:DatabasePath={DatabasePath}");
        var audit = await RunAsync("verify-audit", $"--Hub:DatabasePath={DatabasePath}");

        var line = $"{DatabasePath} is the node's database, not the hub's: Hub:DatabasePath must name the hub's own database file. Nothing was changed.{Environment.NewLine}";
        Assert.Equal((HubCommandLine.Failure, "hst-hub members: " + line), (members.ExitCode, members.Error));
        Assert.Equal((HubCommandLine.Failure, "hst-hub verify-audit: " + line, string.Empty), (audit.ExitCode, audit.Error, audit.Out));
    }

    [Fact]
    public async Task Serve_OnANodeDatabase_RefusesToStartWithTheSameLine()
    {
        using var hub = CommandHarness.Create();
        var database = Path.Combine(hub.PkiDirectory, "hub.db");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString()))
        {
            connection.Open();
            connection.Execute($"PRAGMA application_id = {DatabaseProgram.Node.ApplicationId}; CREATE TABLE outbox (local_id INTEGER PRIMARY KEY);");
        }

        var serve = await hub.RunBareAsync(["serve", .. Hosting.HubArguments.For(hub.PkiDirectory, ["--Hub:AdminPort=-1"], [])]);

        Assert.Equal(HubCommandLine.Failure, serve.ExitCode);
        Assert.Equal($"hst-hub serve: {database} is the node's database, not the hub's: Hub:DatabasePath must name the hub's own database file. Nothing was changed.{Environment.NewLine}", serve.Error);
    }

    [Fact]
    public async Task Serve_WhileAnotherServeHoldsTheDatabase_RefusesAtOnceWithOneLineNamingTheDatabaseAndTheHolder()
    {
        using var hub = CommandHarness.Create();
        var database = Path.Combine(hub.PkiDirectory, "hub.db");
        Assert.Equal(HubCommandLine.Success, (await hub.RunBareAsync("init", $"--Hub:DatabasePath={database}")).ExitCode);
        using var running = await ServeLock.AcquireAsync(database, "hst-hub", "Hub:DatabasePath", TimeProvider.System, CancellationToken.None);

        // The serve retries a held lock a few times, 100 ms apart on the harness's clock (a status probe holds it for an instant).
        var serving = hub.RunBareAsync(["serve", .. Hosting.HubArguments.For(hub.PkiDirectory, ["--Hub:AdminPort=-1"], [])]);
        while (!serving.IsCompleted)
        {
            hub.Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.WhenAny(serving, Task.Delay(10));
        }

        var serve = await serving;
        Assert.Equal(HubCommandLine.Failure, serve.ExitCode);
        Assert.StartsWith(
            $"hst-hub serve: {database} is already served by another 'hst-hub serve' (pid {Environment.ProcessId}, started ", serve.Error, StringComparison.Ordinal);
        Assert.EndsWith($"one serve per database (lock {database}.serve); stop that one, or give this one its own Hub:DatabasePath.{Environment.NewLine}", serve.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_DatabasePathIsADirectory_SaysSo()
    {
        System.IO.Directory.CreateDirectory(DatabasePath);

        var result = await RunAsync("members", $"--Hub:DatabasePath={DatabasePath}");

        Assert.Equal(HubCommandLine.Failure, result.ExitCode);
        Assert.StartsWith($"hst-hub members: {DatabasePath} is a directory: Hub:DatabasePath must name the database file itself", result.Error, StringComparison.Ordinal);
    }

    private async Task<CommandResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await HubCommandLine.RunAsync(args, stdout, stderr, _time).WaitAsync(TimeSpan.FromSeconds(60));
        return new CommandResult(exit, stdout.ToString(), stderr.ToString());
    }

    private async Task<string> WriteConfigAsync(string name, string json)
    {
        var path = Path.Combine(_directory, name);
        await File.WriteAllTextAsync(path, json);
        return path;
    }

    /// <summary>`dotnet hst-hub.dll <paramref name="command"/>` in the test's directory; its exit code and everything it wrote.</summary>
    private async Task<(int Exit, string Output)> RunProcessAsync(string command)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hst-hub.dll"));
        info.ArgumentList.Add(command);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
