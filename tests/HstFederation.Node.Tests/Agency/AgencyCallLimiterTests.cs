using Grpc.Core;
using HstFederation.Node.Agency;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// The per-agency slots on their own, for what the listener tests (AgencyLimitsTests) cannot hold open deterministically:
/// a search in progress.
/// </summary>
public sealed class AgencyCallLimiterTests
{
    private static readonly AgencyLimits Limits = new(MaxConcurrentCalls: 3, MaxWatchStreams: 1, MaxConcurrentSearches: 1, SearchMaxSteps: 1000, ReadBudgetBytes: 1);

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
}
