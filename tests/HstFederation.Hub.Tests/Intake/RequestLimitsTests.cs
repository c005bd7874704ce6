using HstFederation.Hub.Intake;
using HstFederation.Protocol.Envelope;

namespace HstFederation.Hub.Tests.Intake;

/// <summary>The request limit is the largest valid Submit request, computed exactly.</summary>
public sealed class RequestLimitsTests
{
    [Fact]
    public void MaxRequestBytes_IsTheSizeOfAnEnvelopeAtItsLimitBesideTheMostTokensAllowed()
    {
        var request = MaximalRequests.WithMostTokens(new byte[EnvelopeLimits.Default.MaxEnvelopeBytes]);

        Assert.Null(MatchingTokenRules.Problem(request.MatchingTokens, request.MatchingTokensOtherKeys, []));
        Assert.Equal(request.CalculateSize(), RequestLimits.MaxRequestBytes);
    }
}
