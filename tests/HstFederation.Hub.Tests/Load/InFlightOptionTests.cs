using HstFederation.LoadGenerator;
using HstFederation.LoadGenerator.Cli;
using HstFederation.LoadGenerator.Scenarios;

namespace HstFederation.Hub.Tests.Load;

/// <summary>--in-flight: parsed, bounded, and it replaces a closed loop's submissions in flight and nothing else.</summary>
public sealed class InFlightOptionTests
{
    private static readonly Scenario Closed = new()
    {
        Name = "closed-f1-4k", Mode = LoadMode.Closed, FanOut = 1, MessageBytes = 4096, Messages = 6000,
        Warmup = 24_000, InFlight = 32, Senders = 8,
    };

    [Fact]
    public void InFlightIsParsedAndBounded()
    {
        Assert.Null(OptionParser.Parse(["--profile", "full"]).InFlight);
        Assert.Equal(64, OptionParser.Parse(["--in-flight", "64"]).InFlight);
        Assert.Throws<UsageException>(() => OptionParser.Parse(["--in-flight", "0"]));
        Assert.Throws<UsageException>(() => OptionParser.Parse(["--in-flight", "4097"]));
        Assert.Throws<UsageException>(() => OptionParser.Parse(["--in-flight", "lots"]));
        Assert.Throws<UsageException>(() => OptionParser.Parse(["--in-flight"]));
    }

    [Fact]
    public void InFlightReplacesAClosedLoopsOwn_AndNothingElse()
    {
        var kept = LoadRun.WithOptions(OptionParser.Parse([]), Closed);
        var replaced = LoadRun.WithOptions(OptionParser.Parse(["--in-flight", "64"]), Closed);

        Assert.Equal(32, kept.InFlight);
        Assert.Equal(Closed with { InFlight = 64 }, replaced);
    }

    [Fact]
    public void AnOpenLoopKeepsItsOwn()
    {
        // An open loop's rate sets its load; its in-flight figure only paces the warm-up, which --in-flight leaves alone.
        var open = Closed with { Name = "open-f10-4k-500", Mode = LoadMode.Open, FanOut = 10, Rate = 500, InFlight = 8 };

        Assert.Equal(open, LoadRun.WithOptions(OptionParser.Parse(["--in-flight", "64"]), open));
    }
}
