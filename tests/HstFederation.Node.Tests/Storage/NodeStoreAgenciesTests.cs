using HstFederation.Node.Audit;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Storage;

/// <summary>The agency scope table on a real SQLite file: default deny, explicit "all", conflicts, audit, fail-closed rows.</summary>
public sealed class NodeStoreAgenciesTests
{
    private static readonly AgencyId Police = AgencyId.Create("FR", "border-police");

    [Fact]
    public async Task Add_WithoutScope_MayDoNothing_AndIsAudited()
    {
        await using var temp = TempNodeStore.Create();

        var added = await temp.Store.AddAgencyAsync(new NewAgency("border-police", "Police aux frontières", Police), "operator:alice");

        Assert.Equal(AgencyScope.None, added.Scope);
        Assert.False(added.Scope.MaySubmit);
        Assert.False(added.Scope.MaySearch);
        Assert.False(added.Scope.MayRead(HandlingCode.H0, [CrimeType.MigrantSmuggling]));
        Assert.False(added.Disabled);
        Assert.Equal("agency:border-police", added.Actor);
        Assert.Equal(temp.Time.GetUtcNow().ToUnixTimeMilliseconds(), added.CreatedAtMs);
        var found = await temp.Store.FindAgencyByIdentityAsync(Police.Uri);
        Assert.NotNull(found);
        Assert.Equal(added.AgencyId, found.AgencyId);
        Assert.True(found.Scope.ReadableHandling.IsNone && found.Scope.ReadableCrimeTypes.IsNone);
        Assert.Equal(1, temp.Count($"SELECT COUNT(*) FROM audit WHERE actor = 'operator:alice' AND action = '{NodeAuditActions.AgencyAdded}';"));
    }

    [Fact]
    public async Task Add_SameIdOrSameIdentity_IsAConflict_AndWritesNothing()
    {
        await using var temp = TempNodeStore.Create();
        await temp.Store.AddAgencyAsync(new NewAgency("border-police", "PAF", Police), "operator:alice");

        await Assert.ThrowsAsync<AgencyConflictException>(() =>
            temp.Store.AddAgencyAsync(new NewAgency("border-police", "other", AgencyId.Create("FR", "other")), "operator:alice"));
        await Assert.ThrowsAsync<AgencyConflictException>(() =>
            temp.Store.AddAgencyAsync(new NewAgency("paf", "same certificate", Police), "operator:alice"));

        Assert.Single(await temp.Store.ListAgenciesAsync());
        Assert.Equal(1, temp.Count($"SELECT COUNT(*) FROM audit WHERE action = '{NodeAuditActions.AgencyAdded}';"));
    }

    [Fact]
    public async Task SetScope_AllAndLists_RoundTrip_AndApplyAsWritten()
    {
        await using var temp = TempNodeStore.Create();
        await temp.Store.AddAgencyAsync(new NewAgency("labour", "Inspection du travail", AgencyId.Create("FR", "labour")), "operator:alice");
        var scope = new AgencyScope(true, false, ScopeTokens.ParseHandling("all"), ScopeTokens.ParseCrimeTypes("trafficking-forced-labour, child-trafficking"));

        var updated = await temp.Store.SetAgencyScopeAsync("labour", scope, "operator:alice");
        var missing = await temp.Store.SetAgencyScopeAsync("nobody", scope, "operator:alice");

        Assert.Null(missing);
        var read = (await temp.Store.GetAgencyAsync("labour"))!;
        Assert.Equal(updated, read);
        Assert.True(read.Scope.MaySubmit);
        Assert.True(read.Scope.ReadableHandling.All);
        Assert.Equal("trafficking-forced-labour,child-trafficking", ScopeTokens.Format(read.Scope.ReadableCrimeTypes));
        Assert.True(read.Scope.MayRead(HandlingCode.H3, [CrimeType.TraffickingForcedLabour, CrimeType.ChildTrafficking]));
        Assert.False(read.Scope.MayRead(HandlingCode.H3, [CrimeType.TraffickingForcedLabour, CrimeType.MigrantSmuggling]));
        Assert.False(read.Scope.MayRead(HandlingCode.H3, []));
        Assert.Equal(1, temp.Count($"SELECT COUNT(*) FROM audit WHERE action = '{NodeAuditActions.AgencyScopeChanged}';"));
    }

    [Fact]
    public async Task Disable_ThenEnable_IsKeptAndAudited()
    {
        await using var temp = TempNodeStore.Create();
        await temp.Store.AddAgencyAsync(new NewAgency("border-police", "PAF", Police), "operator:alice");

        Assert.True((await temp.Store.SetAgencyDisabledAsync("border-police", true, "operator:alice"))!.Disabled);
        Assert.False((await temp.Store.SetAgencyDisabledAsync("border-police", false, "operator:bob"))!.Disabled);

        using var connection = temp.Raw();
        Assert.Equal("agency-disabled,agency-enabled",
            (string)connection.Scalar("SELECT group_concat(action, ',') FROM (SELECT action FROM audit WHERE action LIKE 'agency-%abled' ORDER BY seq);")!);
    }

    [Fact]
    public async Task StoredScope_WithAnUnknownCode_FailsClosed()
    {
        await using var temp = TempNodeStore.Create();
        await temp.Store.AddAgencyAsync(new NewAgency("border-police", "PAF", Police), "operator:alice");
        using (var connection = temp.Raw())
        {
            connection.Execute("UPDATE agencies SET read_handling = '1,99' WHERE agency_id = 'border-police';");
        }

        await Assert.ThrowsAsync<InvalidDataException>(() => temp.Store.FindAgencyByIdentityAsync(Police.Uri));
    }

    [Fact]
    public async Task Table_RefusesAllTogetherWithAList()
    {
        await using var temp = TempNodeStore.Create();
        using var connection = temp.Raw();

        var error = Assert.Throws<SqliteException>(() => connection.Execute(
            """
            INSERT INTO agencies (agency_id, display_name, certificate_identity, read_all_handling, read_handling, created_at_ms, updated_at_ms)
            VALUES ('x', 'x', 'urn:hst:agency:FR:x', 1, '1', 0, 0);
            """));

        Assert.Contains("CHECK constraint failed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("all", "all")]
    [InlineData("none", "none")]
    [InlineData("", "none")]
    [InlineData("h1, H0", "H0,H1")]
    public void ParseHandling_AcceptsAllNoneAndCodes(string text, string formatted) =>
        Assert.Equal(formatted, ScopeTokens.Format(ScopeTokens.ParseHandling(text)));

    [Theory]
    [InlineData("H4")]
    [InlineData("all,H1")]
    [InlineData("HANDLING_CODE_UNSPECIFIED")]
    public void ParseHandling_RefusesAnythingElse(string text) =>
        Assert.Throws<FormatException>(() => ScopeTokens.ParseHandling(text));

    [Fact]
    public void CrimeTypeWords_AreTheProtoNamesInKebabCase() =>
        Assert.Contains("trafficking-sexual-exploitation", ScopeTokens.CrimeTypeWords);
}
