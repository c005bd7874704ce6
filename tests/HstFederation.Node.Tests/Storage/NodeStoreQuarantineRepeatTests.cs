using HstFederation.Node.Audit;
using HstFederation.Node.Storage;

namespace HstFederation.Node.Tests.Storage;

/// <summary>
/// The hub may send the same bytes again (a node stopped before its cursor moved past them; a hub restored from a backup
/// sends again what it holds unacknowledged, quarantined items included): they are quarantined once, the repeat audited.
/// </summary>
public sealed class NodeStoreQuarantineRepeatTests
{
    private static readonly byte[] Envelope = [0xBA, 0xD0, 0x00, 0xFF, 0x01];

    [Fact]
    public async Task QuarantineAsync_TheSameBytesForTheSameReasonAgain_KeepsOneRow_AuditsTheRepeat_AndMovesTheCursor()
    {
        await using var temp = TempNodeStore.Create();

        var (first, firstRepeat) = await temp.Store.QuarantineAsync(Envelope, "SignatureInvalid", "signer key not certified", cursor: 4);
        var (again, againRepeat) = await temp.Store.QuarantineAsync([.. Envelope], "SignatureInvalid", "signer key not certified", cursor: 9);

        Assert.Equal((first, false, true), (again, firstRepeat, againRepeat));
        Assert.Single(await temp.Store.QuarantinedAsync());
        Assert.Equal(1, (await temp.Store.StatusAsync()).Quarantined);
        Assert.Equal(9, await temp.Store.GetCursorAsync());
        Assert.Equal(1, temp.Count($"SELECT COUNT(*) FROM audit WHERE action = 'quarantine' AND detail LIKE 'quarantine_id={first} % repeat: %';"));
        Assert.True(NodeAudit.Verify(temp.Store.Database).IsIntact);
    }

    [Fact]
    public async Task QuarantineAsync_OtherBytesAnotherReasonOrAnotherItem_IsEachItsOwnRow()
    {
        await using var temp = TempNodeStore.Create();

        await temp.Store.QuarantineAsync(Envelope, "SignatureInvalid", "x");
        await temp.Store.QuarantineAsync([.. Envelope[..^1], 0x02], "SignatureInvalid", "x");   // same length, one byte differs
        await temp.Store.QuarantineAsync([.. Envelope, 0x00], "SignatureInvalid", "x");         // a prefix of it is no repeat
        await temp.Store.QuarantineAsync(Envelope, "Replay", "x");
        await temp.Store.QuarantineAsync(Envelope, "SignatureInvalid", "x", item: "lifecycle_order");

        Assert.Equal(5, (await temp.Store.QuarantinedAsync()).Count);
    }

    [Fact]
    public async Task QuarantineAsync_BytesAnOperatorResolved_ComingAgain_StayResolved_NoNewRowToResolve()
    {
        await using var temp = TempNodeStore.Create();
        var id = (await temp.Store.QuarantineAsync(Envelope, "SignatureInvalid", "x", cursor: 3)).Id;
        await temp.Store.ResolveAsync(ResolvedKind.Delivery, id, "operator:duty", "looked into: a test envelope");

        var again = (await temp.Store.QuarantineAsync(Envelope, "SignatureInvalid", "x", cursor: 5)).Id;

        Assert.Equal(id, again);
        Assert.Empty(await temp.Store.QuarantinedAsync());
        Assert.Single(await temp.Store.QuarantinedAsync(includeResolved: true));
        Assert.Equal(0, (await temp.Store.StatusAsync()).Quarantined);
    }
}
