namespace HstFederation.Hub.Tests.Commands;

public sealed class CommandLineTests
{
    private static readonly string[] Names =
        ["serve", "init", "members", "enroll", "suspend", "reinstate", "revoke", "regions", "verify-audit", "stats", "hits"];

    public static TheoryData<string> CommandNames { get; } = new(Names);

    [Theory]
    [MemberData(nameof(CommandNames))]
    public async Task Help_OnEveryCommand_ExplainsItWithAnExampleAndExitsZero(string command)
    {
        using var hub = CommandHarness.Create();

        var result = await hub.RunBareAsync(command, "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith($"Usage: hst-hub {command}", result.Out, StringComparison.Ordinal);
        Assert.Contains("Example", result.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await hub.RunBareAsync("help", command)).ExitCode);
    }

    [Fact]
    public async Task Help_General_ListsEveryCommand()
    {
        using var hub = CommandHarness.Create();

        var result = await hub.RunBareAsync("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.All(Names, command => Assert.Contains($"  {command} ", result.Out, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoArguments_PrintsUsageAndExitsTwo()
    {
        using var hub = CommandHarness.Create();

        var result = await hub.RunBareAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Usage: hst-hub <command>", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_ExitsTwoNamingIt()
    {
        using var hub = CommandHarness.Create();

        var result = await hub.RunAsync("frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown command 'frobnicate'", result.Error, StringComparison.Ordinal);
        Assert.Contains("Usage: hst-hub <command>", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("members", "--colour")]
    [InlineData("members", "extra")]
    [InlineData("enroll")]
    [InlineData("enroll", "FR")]
    [InlineData("enroll", "FR", "--party-dir")]
    [InlineData("suspend")]
    [InlineData("stats", "--members", "FR")]
    [InlineData("hits", "extra")]
    [InlineData("hits", "--since")]
    [InlineData("revoke", "FR", "--crl-days", "0", "--root-key", "k")]
    public async Task BadArguments_ExitTwoWithTheCommandsUsage(params string[] args)
    {
        using var hub = CommandHarness.Create();
        await hub.RunAsync("init");

        var result = await hub.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"hst-hub {args[0]}: ", result.Error, StringComparison.Ordinal);
        Assert.Contains($"Usage: hst-hub {args[0]}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingDatabaseSetting_FailsNamingTheSettingWithoutNeedingTlsCredentials()
    {
        using var hub = CommandHarness.Create();

        var result = await hub.RunBareAsync("members");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Hub:DatabasePath", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Hub:CredentialsDirectory", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_DatabaseNotCreated_FailsPointingAtInit()
    {
        using var hub = CommandHarness.Create();

        var result = await hub.RunAsync("members");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("hst-hub init", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(hub.DatabasePath));
    }

    [Fact]
    public async Task Settings_SpaceSeparatedForm_IsAccepted()
    {
        using var hub = CommandHarness.Create();

        var result = await hub.RunBareAsync("init", "--Hub:DatabasePath", hub.DatabasePath, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Json().GetProperty("created").GetBoolean());
    }
}
