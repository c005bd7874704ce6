using HstFederation.Node.Storage;
using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Storage;

/// <summary>
/// The transaction that numbers the queue again after the hub refused a message as SEQUENCE_REUSED (this node restored
/// from a backup): the refused one and the never-sealed ones the hub would refuse the same way, nothing else.
/// </summary>
public sealed class NodeStoreRenumberingTests
{
    [Fact]
    public async Task RenumberAsync_HubAboveTheOwnCount_RenumbersTheRefusedAndTheNeverSealedAtOrBelowIt_InQueueOrder_LeavesSealedOnesAlone()
    {
        await using var temp = TempNodeStore.Create();
        var (accepted, refused, sealedOne, neverSealed) = await QueueAsync(temp);

        var result = await temp.Store.RenumberAsync(refused.LocalId, hubHighest: 10);

        // Above the hub's 10 (this node's own count is 4): the refused one first, then the never-sealed 4.
        Assert.Equal(new OutboxRenumbered(11, 2, 10), result);
        Assert.Equal(1, await SequenceAsync(temp, accepted));
        Assert.Equal(11, await SequenceAsync(temp, refused));
        Assert.Equal(3, await SequenceAsync(temp, sealedOne));
        Assert.Equal(12, await SequenceAsync(temp, neverSealed));
        var refusedEntry = (await temp.Store.GetOutboxAsync(refused.LocalId))!;
        Assert.Equal(OutboxState.Queued, refusedEntry.State);
        Assert.Null(refusedEntry.Envelope);
        Assert.Null(refusedEntry.MatchingTokens);
        // A sealed one may be at the hub (a lost answer): its envelope and number stay until its own refusal says otherwise.
        Assert.Equal([9, 9], (await temp.Store.GetOutboxAsync(sealedOne.LocalId))!.Envelope);
        Assert.Equal(13, (await temp.Store.EnqueueAsync(Outgoing(5))).Sequence);
        Assert.Equal(
            [
                $"local_id={refused.LocalId} sequence=2->11 hub_highest=10 refused=SequenceReused",
                $"local_id={neverSealed.LocalId} sequence=4->12 hub_highest=10 never-sealed",
            ],
            Details(temp));
        Assert.Equal(new RenumberingSummary(2, 10, temp.Time.GetUtcNow().ToUnixTimeMilliseconds()), temp.Store.RenumberingSummary());
    }

    [Fact]
    public async Task RenumberAsync_OwnCountAboveTheHubs_NumbersAboveTheOwnCount_AndLeavesNeverSealedOnesAboveTheHubsAlone()
    {
        await using var temp = TempNodeStore.Create();
        var (_, refused, sealedOne, neverSealed) = await QueueAsync(temp);

        // The hub holds 1..3 of this NCB's: the never-sealed 4 is free there and keeps its number.
        var result = await temp.Store.RenumberAsync(refused.LocalId, hubHighest: 3);

        Assert.Equal(new OutboxRenumbered(5, 1, 3), result);
        Assert.Equal(5, await SequenceAsync(temp, refused));
        Assert.Equal(3, await SequenceAsync(temp, sealedOne));
        Assert.Equal(4, await SequenceAsync(temp, neverSealed));
        Assert.Equal(6, (await temp.Store.EnqueueAsync(Outgoing(5))).Sequence);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM audit WHERE action = 'renumbered';"));
    }

    [Fact]
    public async Task RenumberAsync_NoLongerQueued_ChangesNothing()
    {
        await using var temp = TempNodeStore.Create();
        var (accepted, _, _, neverSealed) = await QueueAsync(temp);

        Assert.Null(await temp.Store.RenumberAsync(accepted.LocalId, hubHighest: 10));

        Assert.Equal(4, await SequenceAsync(temp, neverSealed));
        Assert.Equal(4, temp.Count("SELECT last_sequence FROM sequence_state;"));
        Assert.Null(temp.Store.RenumberingSummary());
    }

    /// <summary>1 accepted, 2 the refused one (sealed, with tokens), 3 sealed and queued behind it, 4 queued never sealed.</summary>
    private static async Task<(EnqueuedMessage Accepted, EnqueuedMessage Refused, EnqueuedMessage Sealed, EnqueuedMessage NeverSealed)> QueueAsync(TempNodeStore temp)
    {
        var accepted = await temp.Store.EnqueueAsync(Outgoing(1));
        await temp.Store.RecordSealedAsync(accepted.LocalId, [1]);
        await temp.Store.MarkAcceptedAsync(accepted.LocalId, [7], 1);
        var refused = await temp.Store.EnqueueAsync(Outgoing(2));
        await temp.Store.RecordSealedAsync(refused.LocalId, [2], [3]);
        var sealedOne = await temp.Store.EnqueueAsync(Outgoing(3));
        await temp.Store.RecordSealedAsync(sealedOne.LocalId, [9, 9]);
        var neverSealed = await temp.Store.EnqueueAsync(Outgoing(4));
        return (accepted, refused, sealedOne, neverSealed);
    }

    private static async Task<long> SequenceAsync(TempNodeStore temp, EnqueuedMessage message) =>
        (await temp.Store.GetOutboxAsync(message.LocalId))!.Sequence;

    private static List<string> Details(TempNodeStore temp)
    {
        using var connection = temp.Store.Database.OpenReadConnection();
        using var command = connection.Command("SELECT detail FROM audit WHERE action = 'renumbered' ORDER BY seq;");
        using var reader = command.ExecuteReader();
        var details = new List<string>();
        while (reader.Read())
        {
            details.Add(reader.GetString(0));
        }

        return details;
    }
}
