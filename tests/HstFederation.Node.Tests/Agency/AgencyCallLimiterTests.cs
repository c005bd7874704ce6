using Grpc.Core;
using HstFederation.Node.Agency;
using HstFederation.Node.Hosting;
using Microsoft.Extensions.Configuration;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// The per-agency slots on their own, for what the listener tests (AgencyLimitsTests) cannot hold open deterministically:
/// a search in progress, and the node-wide cap with every slot's way back.
/// </summary>
public sealed class AgencyCallLimiterTests
{
    private static readonly AgencyLimits Limits = new(MaxConcurrentCalls: 3, MaxWatchStreams: 1, MaxConcurrentSearches: 1, SearchMaxSteps: 1000, ReadBudgetBytes: 1,
        MaxConcurrentCallsTotal: 100);

    [Fact]
    public void Enter_ASecondSearch_IsTooManySearches_OtherCallsAndOtherAgencysSearchesEnter_AndTheSlotComesBack()
    {
        var limiter = new AgencyCallLimiter(Limits);
        var search = limiter.Enter("agency:police", AgencyCallKind.Search);

        var refused = Assert.Throws<AgencyException>(() => limiter.Enter("agency:police", AgencyCallKind.Search));
        Assert.Equal((StatusCode.ResourceExhausted, AgencyReasons.TooManySearches), (refused.Status, refused.Reason));
        using (limiter.Enter("agency:police", AgencyCallKind.Call))
        using (limiter.Enter("agency:customs", AgencyCallKind.Search))
        {
        }

        search.Dispose();
        search.Dispose(); // a second dispose gives nothing back twice
        using var again = limiter.Enter("agency:police", AgencyCallKind.Search);
        using var call = limiter.Enter("agency:police", AgencyCallKind.Call);
        using var stream = limiter.Enter("agency:police", AgencyCallKind.Stream);
        Assert.Equal(AgencyReasons.TooManyCalls, Assert.Throws<AgencyException>(() => limiter.Enter("agency:police", AgencyCallKind.Call)).Reason);
    }

    [Fact]
    public void Enter_PastTheNodeWideCap_IsNodeBusy_ForAnAgencyWithinItsOwnLimits_AndEveryEndedCallGivesItsSlotBack()
    {
        var limiter = new AgencyCallLimiter(Limits with { MaxConcurrentCallsTotal = 4 });
        var police = limiter.Enter("agency:police", AgencyCallKind.Call);
        var stream = limiter.Enter("agency:police", AgencyCallKind.Stream);
        var search = limiter.Enter("agency:customs", AgencyCallKind.Search);
        var call = limiter.Enter("agency:customs", AgencyCallKind.Call);

        // Each agency holds two of its three slots; the node's four are taken.
        var refused = Assert.Throws<AgencyException>(() => limiter.Enter("agency:coast-guard", AgencyCallKind.Call));
        Assert.Equal((StatusCode.ResourceExhausted, AgencyReasons.NodeBusy), (refused.Status, refused.Reason));
        Assert.Equal(AgencyReasons.NodeBusy, Assert.Throws<AgencyException>(() => limiter.Enter("agency:police", AgencyCallKind.Call)).Reason);
        // An agency past its own limit hears about its own limit first.
        Assert.Equal(AgencyReasons.TooManySearches, Assert.Throws<AgencyException>(() => limiter.Enter("agency:customs", AgencyCallKind.Search)).Reason);

        // A refusal took nothing: one slot back lets exactly one call in, whichever agency and kind.
        stream.Dispose();
        stream.Dispose(); // a second dispose gives nothing back twice
        using (limiter.Enter("agency:coast-guard", AgencyCallKind.Stream))
        {
            Assert.Equal(AgencyReasons.NodeBusy, Assert.Throws<AgencyException>(() => limiter.Enter("agency:coast-guard", AgencyCallKind.Call)).Reason);
        }

        police.Dispose();
        search.Dispose();
        call.Dispose();
        var all = Enumerable.Range(0, 4).Select(n => limiter.Enter($"agency:{n}", AgencyCallKind.Call)).ToList();
        Assert.Equal(AgencyReasons.NodeBusy, Assert.Throws<AgencyException>(() => limiter.Enter("agency:police", AgencyCallKind.Call)).Reason);
        all.ForEach(slot => slot.Dispose());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    public void Settings_ANodeWideCapOutOfRange_IsRefusedAtStart_NamingTheSetting(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Node:AgencyMaxConcurrentCallsTotal", value)]).Build();

        var error = Assert.Throws<NodeConfigurationException>(() => NodeSettings.Read(configuration, [nameof(NodeOptions.AgencyMaxConcurrentCallsTotal)]));

        Assert.Contains("Node:AgencyMaxConcurrentCallsTotal", error.Message, StringComparison.Ordinal);
        Assert.Equal(64, NodeSettings.Read(new ConfigurationBuilder().Build(), [nameof(NodeOptions.AgencyMaxConcurrentCallsTotal)]).AgencyMaxConcurrentCallsTotal);
    }
}
