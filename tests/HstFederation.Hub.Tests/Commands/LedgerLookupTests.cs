using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// `hst-hub ledger`'s look-up on a real hub file: ids are unique per source only (an id two sources used needs --sender),
/// unknown and malformed ids, the hex form, and a stored envelope whose header does not parse.
/// </summary>
public sealed class LedgerLookupTests : IAsyncLifetime
{
    private readonly CommandHarness _hub = CommandHarness.Create();
    private readonly byte[] _shared = NewId();

    public async Task InitializeAsync()
    {
        await _hub.InitAndEnrolAllAsync();
        await using var store = HubStore.Open(_hub.DatabasePath, _hub.Time);

        // FR and DE both used one id (a source picks its own ids; the hub keeps them apart by sender).
        await store.SubmitAsync(Make(FR, 1, _shared, "from FR", IT));
        await store.SubmitAsync(Make(DE, 1, _shared, "from DE", ES, IT));
    }

    public Task DisposeAsync()
    {
        _hub.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Ledger_IdUsedByTwoSources_FailsNamingThemUntilSenderIsGiven()
    {
        var id = MessageIds.Format(_shared);

        var ambiguous = await _hub.RunAsync("ledger", id);
        var fromDe = await _hub.RunAsync("ledger", id, "--sender", "DE", "--json");

        Assert.Equal(1, ambiguous.ExitCode);
        Assert.Contains("used by 2 sources (urn:hst:member:DE, urn:hst:member:FR): give --sender CC", ambiguous.Error, StringComparison.Ordinal);
        Assert.True(fromDe.ExitCode == 0, fromDe.ToString());
        var json = fromDe.Json();
        Assert.Equal("urn:hst:member:DE", json.GetProperty("source").GetString());
        Assert.Equal(
            ["urn:hst:member:DE", "urn:hst:member:ES", "urn:hst:member:IT", "urn:hst:hub:IPSG"],
            CommandHarness.Array(json, "holders").Select(h => h.GetProperty("party").GetString()));

        // Only DE's own entry: FR's accept of the same id is not about DE's message.
        var audit = Assert.Single(CommandHarness.Array(json, "audit"));
        Assert.Equal(("urn:hst:member:DE", "accept"), (audit.GetProperty("actor").GetString(), audit.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task Ledger_HexFormWithSender_FindsTheMessageAndReportsAnUnreadableHeader()
    {
        var result = await _hub.RunAsync("ledger", Convert.ToHexStringLower(_shared), "--sender", "urn:hst:member:FR");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Handling unknown: the stored header does not parse", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"urn:hst:member:IT\s+addressee\s+\S+ \S+\s+pending", result.Out);
        Assert.Contains("routes it, cannot read it", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ledger_UnknownId_FailsWithExitOne()
    {
        var unknown = MessageIds.Format(NewId());

        var result = await _hub.RunAsync("ledger", unknown);
        var fromEs = await _hub.RunAsync("ledger", MessageIds.Format(_shared), "--sender", "ES");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"no message {unknown} is held by this hub", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, fromEs.ExitCode);
        Assert.Contains("from urn:hst:member:ES is held by this hub", fromEs.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("0192f3c4-5e6a-4b8c-9d0e-1f2a3b4c5d6e")] // a UUID, but version 4
    [InlineData("0192f3c45e6a7b8c9d0e1f2a3b4c5d")] // 30 hex digits
    public async Task Ledger_MalformedId_IsAUsageError(string id)
    {
        var result = await _hub.RunAsync("ledger", id);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{id}' is not a message id", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ledger_WithoutAnIdOrWithABadSender_IsAUsageError()
    {
        var missing = await _hub.RunAsync("ledger");
        var badSender = await _hub.RunAsync("ledger", MessageIds.Format(_shared), "--sender", "FRA"); // lower-case "fr" is FR (MemberCodes)

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("missing <message-id>", missing.Error, StringComparison.Ordinal);
        Assert.Equal(2, badSender.ExitCode);
        Assert.Contains("'FRA' is not a member", badSender.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ledger_Help_ExplainsTheCommandAndIsListed()
    {
        var help = await _hub.RunBareAsync("ledger", "--help");
        var usage = await _hub.RunBareAsync("--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage: hst-hub ledger <message-id> [--sender CC] [--json]", help.Out, StringComparison.Ordinal);
        Assert.Contains("--sender CC", help.Out, StringComparison.Ordinal);
        Assert.Contains("  ledger ", usage.Out, StringComparison.Ordinal);
    }
}
