using HstFederation.Node.Agency;
using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Agency;

/// <summary>Every AgencyGateway method is in the policy table with the right it needs; a method missing from it is denied to everyone.</summary>
public sealed class AgencyRpcPolicyTests
{
    [Fact]
    public void Table_ListsEveryServedMethod_AndNothingElse()
    {
        var served = AgencyReflection.Descriptor.Services.Single(s => s.Name == "AgencyGateway").Methods
            .Select(m => $"/hst.v1.AgencyGateway/{m.Name}").Order(StringComparer.Ordinal);

        Assert.Equal(served, AgencyRpcPolicy.Table.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Refusal_UnknownMethod_IsDeniedEvenToTheWidestScope()
    {
        var everything = new AgencyScope(true, true, ScopeSet<HandlingCode>.Everything, ScopeSet<CrimeType>.Everything);

        Assert.NotNull(AgencyRpcPolicy.Refusal("/hst.v1.Hub/Submit", everything));
        Assert.Null(AgencyRpcPolicy.Refusal("/hst.v1.AgencyGateway/Submit", everything));
        Assert.NotNull(AgencyRpcPolicy.Refusal("/hst.v1.AgencyGateway/Submit", AgencyScope.None));
        Assert.NotNull(AgencyRpcPolicy.Refusal("/hst.v1.AgencyGateway/Search", AgencyScope.None));
        Assert.Null(AgencyRpcPolicy.Refusal("/hst.v1.AgencyGateway/ListInbox", AgencyScope.None));
    }

    [Theory]
    [InlineData("ListHits", false, false, false, false)]
    [InlineData("ListProducts", false, false, false, false)]
    [InlineData("GetProduct", false, false, false, false)]
    [InlineData("ReleaseHit", false, false, false, true)]
    [InlineData("ReleaseHit", true, true, false, true)]
    [InlineData("ReleaseHit", false, false, true, false)]
    [InlineData("Submit", false, true, true, true)]
    [InlineData("Search", true, false, true, true)]
    public void Refusal_EachMethod_NeedsExactlyItsRight(string method, bool submit, bool search, bool release, bool refused)
    {
        var scope = new AgencyScope(submit, search, ScopeSet<HandlingCode>.Everything, ScopeSet<CrimeType>.Everything) { MayRelease = release };

        Assert.Equal(refused, AgencyRpcPolicy.Refusal("/hst.v1.AgencyGateway/" + method, scope) is not null);
    }
}
