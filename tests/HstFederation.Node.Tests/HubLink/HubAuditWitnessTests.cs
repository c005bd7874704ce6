using HstFederation.Node.HubLink;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.Logging.Abstractions;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// The node records each new head of the hub's audit chain, as the hub signed it, in its own store and audit chain, and
/// says at once when the hub's chain went back (a restore from a backup, or a rewrite): the General Secretariat's chain is
/// then checked against heads held out of its reach (`hst-hub verify-audit --recorded-head`).
/// </summary>
public sealed class HubAuditWitnessTests : HubLinkTestBase
{
    [Fact]
    public async Task Record_TheHubsHead_OnceUntilItChanges_InTheStoreAndTheAuditLog()
    {
        var witness = Witness(Fr);

        await witness.RecordAsync(CancellationToken.None);
        await witness.RecordAsync(CancellationToken.None);

        var (entries, hash) = Hub.AuditHead();
        var heads = Fr.Store.ListHubAuditHeads(10);
        var recorded = Assert.Single(heads);
        Assert.Equal((entries, false), (recorded.Entries, recorded.WentBack));
        Assert.Equal(hash, recorded.Hash);
        Assert.Equal(1, Fr.Count("SELECT count(*) FROM audit WHERE action = 'hub-audit-head' AND actor = 'hub' AND detail LIKE "
            + $"'entries={entries} head={Convert.ToHexStringLower(hash)} issued=%' AND detail NOT LIKE '%went-back%';"));
    }

    [Fact]
    public async Task Record_AfterTheHubsDatabaseWasRestoredFromABackup_SaysTheChainWentBack()
    {
        var witness = Witness(Fr);
        var backup = Path.Combine(Hub.DirectoryPath, "hub-backup.db");
        await Hub.StopAsync();
        Hub.CopyDatabaseTo(backup);
        await Hub.StartAgainAsync();
        await Hub.SetStatusAsync("IT", MemberStatus.Suspended);
        await witness.RecordAsync(CancellationToken.None);
        var before = Assert.Single(Fr.Store.ListHubAuditHeads(10));

        await Hub.StopAsync();
        Hub.RestoreDatabase(backup);
        await Hub.StartAgainAsync();
        await witness.RecordAsync(CancellationToken.None);

        var heads = Fr.Store.ListHubAuditHeads(10);
        Assert.Equal(2, heads.Count);
        Assert.True(heads[0].WentBack);
        Assert.True(heads[0].Entries < before.Entries, $"{heads[0].Entries} after {before.Entries}");
        var (entries, hash) = Hub.AuditHead();
        Assert.Equal(entries, heads[0].Entries);
        Assert.Equal(hash, heads[0].Hash);
        Assert.Equal(1, Fr.Count($"SELECT count(*) FROM audit WHERE action = 'hub-audit-head' AND detail LIKE '% went-back-from={before.Head}';"));
        var (last, wentBack) = Fr.Store.HubAuditHeadSummary();
        Assert.Equal((heads[0].Head, 1L), (last!.Head, wentBack));
    }

    [Fact]
    public async Task Record_WhileTheNodesDiskIsFull_RecordsNothingAndThrowsNothing_ThenRecordsOnceThereIsSpace()
    {
        // It runs inside serve's trust refresh: a throw there would stop the node (HubLinkService), not just this head.
        var witness = Witness(Fr);
        await Fr.Store.SetMaxPageCountAsync(1); // SQLite keeps it at the current size: no page may be added
        await FillAsync(Fr);

        await witness.RecordAsync(CancellationToken.None);
        var whileFull = Fr.Store.ListHubAuditHeads(10);
        await Fr.Store.SetMaxPageCountAsync(1_000_000);
        await witness.RecordAsync(CancellationToken.None);

        Assert.Empty(whileFull);
        Assert.Single(Fr.Store.ListHubAuditHeads(10));
    }

    /// <summary>Small audit entries until one no longer fits: the pages the file has are full to the last few bytes.</summary>
    private static async Task FillAsync(TestNode node)
    {
        try
        {
            for (var i = 0; i < 100_000; i++)
            {
                await node.Store.AuditAsync("test", "fill", null, new string('x', 32));
            }
        }
        catch (HstFederation.Node.Storage.NodeStoreUnavailableException)
        {
            return;
        }

        Assert.Fail("the store never filled");
    }

    private static HubAuditWitness Witness(TestNode node) =>
        new(node.Connection, node.Store, node.Trust, NullLogger<HubAuditWitness>.Instance);
}
