using Google.Protobuf;
using HstFederation.Node.HubLink;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Statements;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>The subscriber acknowledges in batches, and its cursor never moves past what the hub was told.</summary>
public sealed class AcknowledgementBatchTests : HubLinkTestBase
{
    // Flushed only when full, never by the timer within a test: the outcome does not depend on timing.
    private static readonly HubLinkOptions BatchOfTenOptions = Options(ackBatchSize: 10, flushInterval: TimeSpan.FromHours(1));

    [Fact]
    public async Task TwentyFiveDeliveries_BatchOfTen_TwoCallsOfTen_CursorAtTheTwentieth_FiveStoredButUnacknowledged()
    {
        var recorder = new AcknowledgeRecorder();
        await using var it = TestNode.Create(Hub, "IT", options: BatchOfTenOptions, interceptor: recorder);
        var sent = new List<EnqueuedMessage>();
        for (var i = 0; i < 25; i++)
        {
            sent.Add(await Fr.EnqueueAsync("IT"));
        }

        Assert.Equal(25, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        it.StartSubscriber();
        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(it.Count("SELECT COUNT(*) FROM inbox;") == 25), "IT stores all 25");
        await Eventually.TrueAsync(() => Task.FromResult(recorder.Calls.Count == 2), "IT sends two full batches");
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM outbox_deliveries;") == 20), "FR gets 20 delivery receipts");

        var calls = recorder.Calls;
        Assert.All(calls, call => Assert.Equal(10, call.Acknowledgements.Count));
        Assert.All(calls.SelectMany(c => c.Acknowledgements), ack => Assert.NotNull(ack.DeliveryReceipt));

        // Each call's receipts are signed as one batch (docs/protocol.md §12.2): ten leaves, one root signature between them,
        // and the hub verified and relayed them as FR's 20 recorded receipts show.
        Assert.All(calls, call => Assert.Single(call.Acknowledgements.Select(a => a.DeliveryReceipt.BatchProof.RootSignature).Distinct()));
        Assert.All(calls.SelectMany(c => c.Acknowledgements), ack => Assert.Equal(10u, ack.DeliveryReceipt.BatchProof.LeafCount));
        Assert.All(calls.SelectMany(c => c.Acknowledgements), ack => Assert.True(ack.DeliveryReceipt.Signature.IsEmpty));
        var acknowledged = calls.SelectMany(c => c.Acknowledgements).Select(a => a.Cursor).ToList();
        Assert.Equal(acknowledged.Order().Distinct(), acknowledged);
        Assert.Equal((long)acknowledged[^1], await it.Store.GetCursorAsync());

        await it.StopSubscriberAsync();
        Assert.Equal(2, recorder.Calls.Count);
        Assert.Equal(20, Fr.Count("SELECT COUNT(*) FROM outbox_deliveries;"));
        Assert.Equal((long)acknowledged[^1], await it.Store.GetCursorAsync());
    }

    [Fact]
    public async Task ReceiptsSignedEachAlone_WhenBatchSignaturesAreOff_AsForAFederationStillUpgrading()
    {
        var recorder = new AcknowledgeRecorder();
        var options = Options(ackBatchSize: 10, flushInterval: TimeSpan.FromHours(1), signReceiptsInBatches: false);
        await using var it = await ItReceivingFromFrAsync(10, options, recorder);
        await Eventually.TrueAsync(() => Task.FromResult(recorder.Calls.Count == 1), "IT sends one full batch");
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM outbox_deliveries;") == 10), "FR records the 10 receipts");

        var receipts = recorder.Calls.Single().Acknowledgements.Select(a => a.DeliveryReceipt).ToList();
        Assert.Equal(10, receipts.Count);
        Assert.All(receipts, r => Assert.Null(r.BatchProof));
        Assert.All(receipts, r => Assert.Equal(64, r.Signature.Length));
        await it.StopSubscriberAsync();
    }

    /// <summary>
    /// An acknowledge call that failed — never reaching the hub, or taken by it with the answer lost — is sent again
    /// with the receipts exactly as signed the first time (the same signatures, proofs and nonces), not signed afresh:
    /// after a lost answer the source may already hold the first copies, and a receipt is a statement made once. The
    /// hub takes the call again (a repeat is no error) and the cursor moves past it.
    /// </summary>
    [Theory]
    [InlineData(AcknowledgeFailure.Unreached)]
    [InlineData(AcknowledgeFailure.AnswerLost)]
    public async Task AcknowledgeCallThatFailed_IsSentAgain_WithTheReceiptsItSigned_AndTheHubTakesIt(AcknowledgeFailure failure)
    {
        var recorder = new AcknowledgeRecorder(failFirst: 1, failure);
        // Never full: every call comes from the flush timer, whose failure leaves the batch pending for the next tick.
        var options = Options(ackBatchSize: 1000, flushInterval: TimeSpan.FromMilliseconds(100));
        await using var it = await ItReceivingFromFrAsync(5, options, recorder);
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM outbox_deliveries;") == 5), "FR records IT's 5 receipts");

        // The cursor moves only once a call was answered: after the one sent again (and any later one).
        await Eventually.TrueAsync(
            async () => recorder.Calls.Count >= 2 && (long)recorder.Calls[^1].Acknowledgements[^1].Cursor == await it.Store.GetCursorAsync(),
            "IT stores the cursor of its last answered acknowledge call");
        await it.StopSubscriberAsync();

        // The deliveries may have reached the flush timer in more than one tick (a lone receipt is signed alone, with
        // no batch proof); whatever the failed call carried leads the call after it, byte for byte.
        var calls = recorder.Calls;
        var failed = calls[0].Acknowledgements;
        var again = calls[1].Acknowledgements;
        Assert.NotEmpty(failed);
        Assert.True(again.Count >= failed.Count);
        for (var i = 0; i < failed.Count; i++)
        {
            Assert.Equal(failed[i].Cursor, again[i].Cursor);
            Assert.False(PendingReceipts.IsPending(failed[i].DeliveryReceipt));
            Assert.Equal(failed[i].DeliveryReceipt.ToByteString(), again[i].DeliveryReceipt.ToByteString());
        }

        Assert.Equal(5, calls.Skip(1).SelectMany(c => c.Acknowledgements).Select(a => a.Cursor).Distinct().Count());
        Assert.Equal(5, Fr.Count("SELECT COUNT(*) FROM outbox_deliveries;"));
    }

    /// <summary>
    /// A quarantined delivery moves the stored cursor; the deliveries stored before it in the same batch must reach
    /// the hub first, or a crash right after leaves them stored, never acknowledged, and behind the cursor for good.
    /// </summary>
    [Fact]
    public async Task Quarantine_AfterStoredButUnacknowledgedDeliveries_TheirAcknowledgementsGoFirst_SoACrashLosesNoReceipt()
    {
        await using var it = TestNode.Create(Hub, "IT", options: BatchOfTenOptions);
        var sent = new List<EnqueuedMessage>();
        for (var i = 0; i < 3; i++)
        {
            sent.Add(await Fr.EnqueueAsync("IT"));
        }

        var forDe = await Fr.EnqueueAsync("DE");
        Assert.Equal(4, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        Hub.InsertDelivery("IT", Hub.HubSequenceOf(Fr.Party, forDe.MessageId));

        it.StartSubscriber();
        await Eventually.TrueAsync(async () => (await it.Store.QuarantinedAsync()).Count == 1, "IT quarantines the delivery addressed to DE");
        await it.RestartAsync();

        for (var i = 0; i < 10; i++)
        {
            sent.Add(await Fr.EnqueueAsync("IT"));
        }

        Assert.Equal(10, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        it.StartSubscriber();
        Fr.StartSubscriber();
        await Eventually.TrueAsync(
            async () => (await Task.WhenAll(sent.Select(m => Fr.Store.GetOutboxAsync(m.LocalId)))).All(e => e!.Deliveries.Any(d => d.Recipient == it.Party)),
            "FR gets IT's delivery receipt for every message, the three before the quarantine included");

        Assert.Equal(sent.Select(m => m.MessageId), it.Inbox().Select(m => m.MessageId));
        Assert.Single(await it.Store.QuarantinedAsync());
    }

    /// <summary>IT with <paramref name="options"/>, FR's <paramref name="messages"/> messages to it sent, and both subscribed.</summary>
    private async Task<TestNode> ItReceivingFromFrAsync(int messages, HubLinkOptions options, AcknowledgeRecorder recorder)
    {
        var it = TestNode.Create(Hub, "IT", options: options, interceptor: recorder);
        for (var i = 0; i < messages; i++)
        {
            await Fr.EnqueueAsync("IT");
        }

        Assert.Equal(messages, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        it.StartSubscriber();
        Fr.StartSubscriber();
        return it;
    }

    private static HubLinkOptions Options(int ackBatchSize, TimeSpan flushInterval, bool signReceiptsInBatches = true) => new()
    {
        RetryDelay = TestNode.DefaultOptions.RetryDelay,
        MaxRetryDelay = TestNode.DefaultOptions.MaxRetryDelay,
        PollInterval = TestNode.DefaultOptions.PollInterval,
        AckBatchSize = ackBatchSize,
        AckFlushInterval = flushInterval,
        SignReceiptsInBatches = signReceiptsInBatches,
    };
}
