using HstFederation.LoadGenerator.Cli;
using HstFederation.LoadGenerator.Scenarios;

namespace HstFederation.Hub.Tests.Load;

/// <summary>--warmup and the default warm-up size.</summary>
public sealed class WarmupOptionTests
{
    [Fact]
    public void WarmupIsParsedAndZeroTurnsItOff()
    {
        Assert.Null(OptionParser.Parse(["--profile", "smoke"]).Warmup);
        Assert.Equal(500, OptionParser.Parse(["--warmup", "500"]).Warmup);
        Assert.Equal(0, OptionParser.Parse(["--warmup", "0"]).Warmup);
        Assert.Throws<UsageException>(() => OptionParser.Parse(["--warmup", "-1"]));
        Assert.Throws<UsageException>(() => OptionParser.Parse(["--warmup", "many"]));
    }

    [Fact]
    public void DefaultWarmupIsTenPercentAndAtLeast200()
    {
        Assert.Equal(200, Scenario.DefaultWarmup(300));
        Assert.Equal(600, Scenario.DefaultWarmup(6000));
        Assert.Equal(200, Scenario.DefaultWarmup(2000));
    }
}
