using HstFederation.Hub.Storage;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>The streams' envelopes in memory: bounded by bytes with the oldest leaving first, and purged ones taken out.</summary>
public sealed class RecentEnvelopesTests
{
    [Fact]
    public void Add_OverTheByteBound_TheOldestLeaveFirst()
    {
        var envelopes = new RecentEnvelopes(maxBytes: 250);
        envelopes.Add([(1, new byte[100]), (2, new byte[100])]);
        envelopes.Add([(3, new byte[100])]);

        Assert.False(envelopes.TryGet(1, out _));
        Assert.True(envelopes.TryGet(2, out _));
        Assert.True(envelopes.TryGet(3, out var third));
        Assert.Equal(100, third.Length);
        Assert.Equal(200, envelopes.Bytes);
    }

    [Fact]
    public void Add_LargerThanTheWholeBound_IsNotHeld_AndEvictsNothing()
    {
        var envelopes = new RecentEnvelopes(maxBytes: 250);
        envelopes.Add([(1, new byte[100])]);
        envelopes.Add([(2, new byte[251])]);

        Assert.True(envelopes.TryGet(1, out _));
        Assert.False(envelopes.TryGet(2, out _));
        Assert.Equal(100, envelopes.Bytes);
    }

    [Fact]
    public void Remove_APurgedMessage_IsGone_AndItsBytesFreed()
    {
        var envelopes = new RecentEnvelopes(maxBytes: 250);
        envelopes.Add([(1, new byte[100]), (2, new byte[100])]);
        envelopes.Remove([1, 99]);

        Assert.False(envelopes.TryGet(1, out _));
        Assert.True(envelopes.TryGet(2, out _));
        Assert.Equal(100, envelopes.Bytes);

        // Room was freed: the next one does not push out the one left.
        envelopes.Add([(3, new byte[150])]);
        Assert.True(envelopes.TryGet(2, out _));
    }

    [Fact]
    public void ZeroBytes_HoldsNothing()
    {
        var envelopes = new RecentEnvelopes(maxBytes: 0);
        envelopes.Add([(1, new byte[1])]);

        Assert.False(envelopes.TryGet(1, out _));
        Assert.Equal(0, envelopes.Bytes);
    }
}
