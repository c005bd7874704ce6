using HstFederation.Node.HubLink;
using HstFederation.Node.Storage;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>The subscriber acknowledges in batches, and its cursor never moves past what the hub was told.</summary>
public sealed class AcknowledgementBatchTests : HubLinkTestBase
{
    [Fact]
    public async Task TwentyFiveDeliveries_BatchOfTen_TwoCallsOfTen_CursorAtTheTwentieth_FiveStoredButUnacknowledged()
    {
        var recorder = new AcknowledgeRecorder();
        var options = new HubLinkOptions
        {
            RetryDelay = TestNode.DefaultOptions.RetryDelay,
            MaxRetryDelay = TestNode.DefaultOptions.MaxRetryDelay,
            PollInterval = TestNode.DefaultOptions.PollInterval,
            AckBatchSize = 10,

            // Never within the test: only a full batch is sent, so the outcome does not depend on timing.
            AckFlushInterval = TimeSpan.FromHours(1),
        };
        await using var it = TestNode.Create(Hub, "IT", options: options, interceptor: recorder);
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
        var acknowledged = calls.SelectMany(c => c.Acknowledgements).Select(a => a.Cursor).ToList();
        Assert.Equal(acknowledged.Order().Distinct(), acknowledged);
        Assert.Equal((long)acknowledged[^1], await it.Store.GetCursorAsync());

        await it.StopSubscriberAsync();
        Assert.Equal(2, recorder.Calls.Count);
        Assert.Equal(20, Fr.Count("SELECT COUNT(*) FROM outbox_deliveries;"));
        Assert.Equal((long)acknowledged[^1], await it.Store.GetCursorAsync());
    }
}
