using System.Text.Json;
using HstFederation.Node.Commands;

namespace HstFederation.Node.Tests.Commands;

/// <summary>`hst-node agencies`: the scope table an NCB sets for its national agencies.</summary>
public sealed class AgenciesCommandTests : CommandLineTestBase
{
    [Fact]
    public async Task Add_DefaultsToNothingAllowed_AndTheIdentityOfThisNcbsCountry_ScopeChangesOnlyWhatIsGiven()
    {
        var added = await RunAsync(Fr, "agencies", "add", "border-police", "--name", "Police aux frontières");
        var scoped = await RunAsync(Fr, "agencies", "scope", "border-police", "--submit", "yes", "--handling", "H0,H1");
        var narrowed = await RunAsync(Fr, "agencies", "scope", "border-police", "--crime-types", "migrant-smuggling");
        var listed = await RunAsync(Fr, "agencies", "list", "--json");

        Assert.True(added.ExitCode == NodeCommandLine.Success, added.ToString());
        Assert.Contains("urn:hst:agency:FR:border-police", added.Out, StringComparison.Ordinal);
        Assert.Contains("submit=no search=no handling=none crime_types=none", added.Out, StringComparison.Ordinal);
        Assert.True(scoped.ExitCode == NodeCommandLine.Success, scoped.ToString());
        Assert.True(narrowed.ExitCode == NodeCommandLine.Success, narrowed.ToString());
        var agency = Assert.Single(JsonDocument.Parse(listed.Out).RootElement.GetProperty("agencies").EnumerateArray());
        Assert.True(agency.GetProperty("maySubmit").GetBoolean());
        Assert.False(agency.GetProperty("maySearch").GetBoolean());
        Assert.Equal("H0,H1", agency.GetProperty("handling").GetString());
        Assert.Equal("migrant-smuggling", agency.GetProperty("crimeTypes").GetString());
        Assert.Equal(3, Fr.Count("SELECT COUNT(*) FROM audit WHERE action LIKE 'agency-%';"));
    }

    [Fact]
    public async Task Disable_ThenEnable_AreShownInTheList()
    {
        await RunAsync(Fr, "agencies", "add", "labour-inspection", "--name", "Inspection du travail", "--search", "yes");

        var disabled = await RunAsync(Fr, "agencies", "disable", "labour-inspection");
        var whileDisabled = await RunAsync(Fr, "agencies", "list");
        var enabled = await RunAsync(Fr, "agencies", "enable", "labour-inspection");

        Assert.True(disabled.ExitCode == NodeCommandLine.Success, disabled.ToString());
        Assert.Contains("[disabled]", disabled.Out, StringComparison.Ordinal);
        Assert.Contains("disabled", whileDisabled.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("[disabled]", enabled.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadWords_UnknownAgency_TakenId_AndAMissingAction_SayWhatToDo()
    {
        await RunAsync(Fr, "agencies", "add", "customs", "--name", "Douane");

        var badCrime = await RunAsync(Fr, "agencies", "scope", "customs", "--crime-types", "smuggling");
        var badYes = await RunAsync(Fr, "agencies", "scope", "customs", "--submit", "maybe");
        var unknown = await RunAsync(Fr, "agencies", "disable", "nobody");
        var taken = await RunAsync(Fr, "agencies", "add", "customs", "--name", "Douane again");
        var bare = await RunAsync(Fr, "agencies");

        Assert.Equal(NodeCommandLine.BadArguments, badCrime.ExitCode);
        Assert.Contains("migrant-smuggling", badCrime.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.BadArguments, badYes.ExitCode);
        Assert.Contains("--submit is yes or no", badYes.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.Failure, unknown.ExitCode);
        Assert.Contains("no agency 'nobody'", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.Failure, taken.ExitCode);
        Assert.Equal(NodeCommandLine.BadArguments, bare.ExitCode);
        Assert.Contains("list, add, scope, disable, enable, block-certificate, unblock-certificate or certificates", bare.Error, StringComparison.Ordinal);
    }
}
