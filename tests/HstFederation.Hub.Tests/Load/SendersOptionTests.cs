using HstFederation.LoadGenerator;
using HstFederation.LoadGenerator.Cli;
using HstFederation.LoadGenerator.Scenarios;

namespace HstFederation.Hub.Tests.Load;

/// <summary>--senders: parsed, bounded, and it replaces each scenario's own number of sending members.</summary>
public sealed class SendersOptionTests
{
    [Fact]
    public void SendersIsParsedAndBounded()
    {
        Assert.Null(OptionParser.Parse(["--profile", "full"]).Senders);
        Assert.Equal(20, OptionParser.Parse(["--senders", "20"]).Senders);
        Assert.Throws<UsageException>(() => OptionParser.Parse(["--senders", "0"]));
        Assert.Throws<UsageException>(() => OptionParser.Parse(["--senders", "1001"]));
        Assert.Throws<UsageException>(() => OptionParser.Parse(["--senders", "many"]));
    }

    [Fact]
    public void SendersReplacesTheScenariosOwn_AndNothingElse()
    {
        var scenario = new Scenario
        {
            Name = "open-f10-4k-500", Mode = LoadMode.Open, FanOut = 10, MessageBytes = 4096, Messages = 10_000,
            Warmup = Scenario.DefaultWarmup(10_000), Rate = 500, Senders = 5,
        };

        var kept = LoadRun.WithOptions(OptionParser.Parse([]), scenario);
        var replaced = LoadRun.WithOptions(OptionParser.Parse(["--senders", "20"]), scenario);

        Assert.Equal(5, kept.Senders);
        Assert.Equal(scenario with { Senders = 20 }, replaced);
    }
}
