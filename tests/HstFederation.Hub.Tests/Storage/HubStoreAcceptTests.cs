using HstFederation.Hub.Storage;
using HstFederation.Protocol.V1;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>THREATS rows 13 and 29: accepted once, the same receipt for a resubmission, replays refused.</summary>
public sealed class HubStoreAcceptTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AcceptAsync_ThreeMessages_EachRecipientReadsItsOwnInOrder()
    {
        await using var temp = TempStore.Create();
        var first = Make(FR, 1, DE, IT);
        var second = Make(FR, 2, DE);
        var third = Make(IT, 1, DE, FR);

        var outcomes = new[] { await temp.Store.SubmitAsync(first), await temp.Store.SubmitAsync(second), await temp.Store.SubmitAsync(third) };

        Assert.All(outcomes, outcome => Assert.Equal(AcceptStatus.Accepted, outcome.Status));
        Assert.Equal([1L, 2L, 3L], outcomes.Select(outcome => outcome.HubSequence));
        var forDe = await temp.Store.ReadDeliveriesAsync(DE, 0, 100).WaitAsync(Deadline);
        Assert.Equal([first.Envelope, second.Envelope, third.Envelope], forDe.Select(delivery => delivery.Payload));
        Assert.True(forDe.Zip(forDe.Skip(1)).All(pair => pair.First.Cursor < pair.Second.Cursor));
        Assert.All(forDe, delivery => Assert.Equal(DeliveryKind.Envelope, delivery.Kind));
        Assert.Equal([first.Envelope], (await temp.Store.ReadDeliveriesAsync(IT, 0, 100)).Select(delivery => delivery.Payload));
        Assert.Equal([third.Envelope], (await temp.Store.ReadDeliveriesAsync(FR, 0, 100)).Select(delivery => delivery.Payload));
        Assert.Empty(await temp.Store.ReadDeliveriesAsync(ES, 0, 100));
        var resumed = await temp.Store.ReadDeliveriesAsync(DE, forDe[0].Cursor, 100);
        Assert.Equal([second.Envelope, third.Envelope], resumed.Select(delivery => delivery.Payload));
    }

    [Fact]
    public async Task AcceptAsync_ReceiptSignedWithHubSequenceAndTime_IsStoredWithTheMessage()
    {
        await using var temp = TempStore.Create();
        var submission = Make(FR, 1, DE);

        var outcome = await temp.Store.SubmitAsync(submission);

        var receipt = ReadReceipt(outcome.Receipt!);
        Assert.Equal((ulong)outcome.HubSequence, receipt.HubSequence);
        Assert.Equal(temp.Time.GetUtcNow().ToUnixTimeMilliseconds(), receipt.AcceptedAtMs);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM messages WHERE length(receipt) > 0;"));
        Assert.Equal(AcceptStatus.Accepted, outcome.Status);
        Assert.False(outcome.ToResponse().Duplicate);
    }

    [Fact]
    public async Task AcceptAsync_AfterTheNewestMessageWasDeleted_ItsHubSequenceIsNotHandedOutAgain()
    {
        await using var temp = TempStore.Create();
        await temp.Store.SubmitAsync(Make(FR, 1, DE));
        await temp.Store.SubmitAsync(Make(FR, 2, DE));
        await temp.Store.WriteAsync(
            context => context.Connection.Execute("DELETE FROM deliveries WHERE hub_sequence = 2; DELETE FROM messages WHERE hub_sequence = 2;"),
            CancellationToken.None);
        await temp.ReopenAsync();

        var outcome = await temp.Store.SubmitAsync(Make(FR, 3, DE));

        Assert.Equal(3, outcome.HubSequence);
        Assert.Equal(3UL, ReadReceipt(outcome.Receipt!).HubSequence);
        Assert.Equal(3, temp.Count("SELECT max(hub_sequence) FROM messages;"));
    }

    [Fact]
    public async Task AcceptAsync_SameEnvelopeAgain_ReturnsTheIdenticalReceiptAndStoresOnce()
    {
        await using var temp = TempStore.Create();
        var submission = Make(FR, 1, DE, IT);
        var original = await temp.Store.SubmitAsync(submission);
        temp.Time.Advance(TimeSpan.FromMinutes(5));

        var again = await temp.Store.SubmitAsync(submission);

        Assert.Equal(AcceptStatus.Duplicate, again.Status);
        Assert.Equal(original.Receipt, again.Receipt);
        Assert.True(again.ToResponse().Duplicate);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM messages;"));
        Assert.Equal(2, temp.Count("SELECT COUNT(*) FROM deliveries;"));
    }

    [Fact]
    public async Task AcceptAsync_SameIdDifferentEnvelope_IsRejectedAsReplayAndNothingStored()
    {
        await using var temp = TempStore.Create();
        var submission = Make(FR, 1, DE);
        await temp.Store.SubmitAsync(submission);

        var outcome = await temp.Store.SubmitAsync(WithBody(submission, "tampered"u8.ToArray()));

        Assert.Equal(AcceptStatus.Rejected, outcome.Status);
        Assert.Equal(RejectionReason.Replay, outcome.Reason);
        Assert.Null(outcome.Receipt);
        AssertStored(temp, messages: 1, deliveries: 1);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM audit WHERE action = 'reject' AND detail = 'Replay';"));
    }

    [Fact]
    public async Task AcceptAsync_SequenceOfAnotherMessage_IsRejectedAsSequenceReused()
    {
        await using var temp = TempStore.Create();
        await temp.Store.SubmitAsync(Make(FR, 1, DE));

        var outcome = await temp.Store.SubmitAsync(Make(FR, 1, IT));

        Assert.Equal(RejectionReason.SequenceReused, outcome.Reason);
        AssertStored(temp, messages: 1, deliveries: 1);
        Assert.Empty(await temp.Store.ReadDeliveriesAsync(IT, 0, 10));
    }

    [Fact]
    public async Task AcceptAsync_SequenceBeyondTheAllowedJump_IsRejectedAsSequenceJump()
    {
        await using var temp = TempStore.Create(new HubStoreOptions { MaxSequenceJump = 10 });
        await temp.Store.SubmitAsync(Make(FR, 1, DE));

        var tooFar = await temp.Store.SubmitAsync(Make(FR, 12, DE));
        var justInside = await temp.Store.SubmitAsync(Make(FR, 11, DE));
        var otherSender = await temp.Store.SubmitAsync(Make(IT, 10, DE));

        Assert.Equal(RejectionReason.SequenceJump, tooFar.Reason);
        Assert.Equal(AcceptStatus.Accepted, justInside.Status);
        Assert.Equal(AcceptStatus.Accepted, otherSender.Status);
        AssertStored(temp, messages: 3, deliveries: 3);
        Assert.Equal(11, temp.Count("SELECT last_sequence FROM sender_state WHERE sender = 'urn:hst:member:FR';"));
    }

    [Fact]
    public async Task AcceptAsync_DuplicateRecipients_OneDeliveryEach()
    {
        await using var temp = TempStore.Create();

        await temp.Store.SubmitAsync(Make(FR, 1, DE, DE, IT));

        AssertStored(temp, messages: 1, deliveries: 2);
    }

    [Fact]
    public async Task ReadDeliveriesAsync_ByteBudget_StopsOnceSpentButReturnsAtLeastOne()
    {
        await using var temp = TempStore.Create();
        for (var sequence = 1; sequence <= 3; sequence++)
        {
            await temp.Store.SubmitAsync(WithBody(Make(FR, sequence, DE), new byte[1000]));
        }

        Assert.Single(await temp.Store.ReadDeliveriesAsync(DE, 0, 10, maxBytes: 1));
        Assert.Equal(2, (await temp.Store.ReadDeliveriesAsync(DE, 0, 10, maxBytes: 1500)).Count);
        Assert.Equal(2, (await temp.Store.ReadDeliveriesAsync(DE, 0, 2, maxBytes: 1_000_000)).Count);
    }

    private static void AssertStored(TempStore temp, long messages, long deliveries)
    {
        Assert.Equal(messages, temp.Count("SELECT COUNT(*) FROM messages;"));
        Assert.Equal(deliveries, temp.Count("SELECT COUNT(*) FROM deliveries;"));
    }
}
