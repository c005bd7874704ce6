namespace HstFederation.Hub.Tests.Commands;

public sealed class MemberStatusCommandTests
{
    [Fact]
    public async Task Suspend_ThenReinstate_MovesTheMemberBetweenSuspendedAndActive()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();

        var suspended = await hub.RunAsync("suspend", "IT");
        Assert.True(suspended.ExitCode == 0, suspended.ToString());
        Assert.Contains("urn:hst:member:IT: Active -> Suspended", suspended.Out, StringComparison.Ordinal);
        var statuses = await hub.StatusesAsync();
        Assert.Equal("Suspended", statuses["IT"]);
        Assert.Equal("Active", statuses["FR"]);

        var reinstated = await hub.RunAsync("reinstate", "IT", "--json");
        Assert.True(reinstated.ExitCode == 0, reinstated.ToString());
        Assert.Equal("Suspended", reinstated.Json().GetProperty("previousStatus").GetString());
        Assert.Equal("Active", (await hub.StatusesAsync())["IT"]);
    }

    [Theory]
    [InlineData("suspend")]
    [InlineData("reinstate")]
    [InlineData("revoke")]
    public async Task StatusChange_UnknownMember_FailsClearly(string command)
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();

        var result = await hub.RunAsync(command, "PT");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("urn:hst:member:PT is not enrolled", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspend_NotACountryCode_IsAUsageError()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();

        var result = await hub.RunAsync("suspend", "XX1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'XX1' is not a member", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("it")]
    [InlineData("It")]
    public async Task SuspendAndReinstate_LowerCaseCode_IsTheMember(string code)
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();

        var suspended = await hub.RunAsync("suspend", code);
        Assert.True(suspended.ExitCode == 0, suspended.ToString());
        Assert.Contains("urn:hst:member:IT: Active -> Suspended", suspended.Out, StringComparison.Ordinal);

        var reinstated = await hub.RunAsync("reinstate", code);
        Assert.True(reinstated.ExitCode == 0, reinstated.ToString());
        Assert.Equal("Active", (await hub.StatusesAsync())["IT"]);
    }

    [Fact]
    public async Task Reinstate_RevokedMember_IsRefused()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        Assert.Equal(0, (await hub.RunAsync("revoke", "ES", "--yes")).ExitCode);

        var result = await hub.RunAsync("reinstate", "ES");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("revoked", result.Error, StringComparison.Ordinal);
        Assert.Equal("Revoked", (await hub.StatusesAsync())["ES"]);
    }
}
