namespace HstFederation.Hub.Tests.Commands;

public sealed class RegionsCommandTests
{
    [Fact]
    public async Task Regions_DefineListDelete_RoundTrips()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();

        var defined = await hub.RunAsync("regions", "define", "schengen", "--members", "FR,DE,IT");
        Assert.True(defined.ExitCode == 0, defined.ToString());
        Assert.Equal(0, (await hub.RunAsync("regions", "define", "iberia", "--members", "ES,PT")).ExitCode);

        var listed = await hub.RunAsync("regions", "--json");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        var regions = CommandHarness.Array(listed.Json(), "regions").ToDictionary(
            r => r.GetProperty("name").GetString()!, r => r.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).ToArray());
        Assert.Equal(["DE", "FR", "IT"], regions["schengen"]);
        Assert.Equal(["ES", "PT"], regions["iberia"]);
        var text = await hub.RunAsync("regions");
        Assert.Contains("schengen  DE, FR, IT", text.Out, StringComparison.Ordinal);

        var deleted = await hub.RunAsync("regions", "delete", "schengen");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        var after = CommandHarness.Array((await hub.RunAsync("regions", "--json")).Json(), "regions");
        Assert.Equal(["iberia"], after.Select(r => r.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task RegionsDefine_ExistingRegion_SaysWhatItReplaced()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var created = await hub.RunAsync("regions", "define", "schengen", "--members", "fr,de,it,es");
        Assert.Contains("Region schengen: DE, ES, FR, IT (new)", created.Out, StringComparison.Ordinal);

        var replaced = await hub.RunAsync("regions", "define", "schengen", "--members", "PT");

        Assert.True(replaced.ExitCode == 0, replaced.ToString());
        Assert.Contains("Region schengen: DE, ES, FR, IT -> PT (added: PT; removed: DE, ES, FR, IT)", replaced.Out, StringComparison.Ordinal);
        var json = (await hub.RunAsync("regions", "define", "schengen", "--members", "PT,FR", "--json")).Json();
        Assert.Equal(["PT"], json.GetProperty("previous").GetProperty("members").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(["FR"], json.GetProperty("added").EnumerateArray().Select(m => m.GetString()));
        Assert.Empty(json.GetProperty("removed").EnumerateArray());
    }

    [Fact]
    public async Task RegionsDefine_NotEnrolledMember_WarnsButDefines()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();

        var result = await hub.RunAsync("regions", "define", "iberia", "--members", "ES,PT");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("not enrolled (yet): PT", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegionsDelete_UnknownRegion_Fails()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();

        var result = await hub.RunAsync("regions", "delete", "nowhere");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no region 'nowhere'", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("regions", "define", "schengen")]
    [InlineData("regions", "rename", "x")]
    [InlineData("regions", "define", "bad name!", "--members", "FR")]
    public async Task Regions_BadArguments_AreUsageErrors(params string[] args)
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();

        var result = await hub.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Usage: hst-hub regions", result.Error, StringComparison.Ordinal);
    }
}
