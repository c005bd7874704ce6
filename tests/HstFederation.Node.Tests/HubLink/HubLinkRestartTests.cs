using System.Security.Cryptography;
using HstFederation.Node.HubLink;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// Sender and recipient restart at the awkward points of the hub link: nothing lost, nothing twice, in order. The
/// nodes acknowledge in batches of four and never on a timer, so which deliveries are acknowledged when a node
/// stops does not depend on timing.
/// </summary>
public sealed class HubLinkRestartTests() : HubLinkTestBase(TimeProvider.System, BatchOfFour)
{
    private static readonly HubLinkOptions BatchOfFour = new()
    {
        RetryDelay = TestNode.DefaultOptions.RetryDelay,
        MaxRetryDelay = TestNode.DefaultOptions.MaxRetryDelay,
        SubmitAttempts = TestNode.DefaultOptions.SubmitAttempts,
        PollInterval = TestNode.DefaultOptions.PollInterval,
        AckBatchSize = 4,
        AckFlushInterval = TimeSpan.FromHours(1),
    };

    [Fact]
    public async Task Restarts_MidSendAndMidReceive_DeHoldsEveryMessageOnceInOrder_AndFrEveryDeliveryReceipt()
    {
        var sent = new List<EnqueuedMessage>();
        for (var i = 0; i < 6; i++)
        {
            sent.Add(await Fr.EnqueueAsync("DE"));
        }

        Fr.StartSubscriber();

        // FR stops after sealing the first message and before the hub saw it: the envelope is kept.
        Fr.Faults.Mode = SubmitFault.BeforeTheHub;
        Assert.Equal(0, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        var kept = (await Fr.Store.GetOutboxAsync(sent[0].LocalId))!.Envelope;
        Assert.NotNull(kept);
        Assert.Equal(0, Hub.MessagesFrom(Fr.Party));
        await Fr.RestartAsync();

        // FR stops after the hub committed the first message and before FR heard the receipt.
        Fr.Faults.Mode = SubmitFault.ResponseLost;
        Assert.Equal(0, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        Assert.Equal(1, Hub.MessagesFrom(Fr.Party));
        Assert.Equal(OutboxState.Queued, (await Fr.Store.GetOutboxAsync(sent[0].LocalId))!.State);
        await Fr.RestartAsync();

        Fr.Faults.Mode = SubmitFault.None;
        Fr.StartSubscriber();
        Assert.Equal(6, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        var first = (await Fr.Store.GetOutboxAsync(sent[0].LocalId))!;
        Assert.Equal(kept, first.Envelope);
        var acceptance = SignedStatements.Verify(
            SignedStatement.Parser.ParseFrom(first.Receipt), StatementKind.AcceptanceReceipt, AcceptanceReceipt.Parser, Hub.Trust, r => r.AcceptedAtMs).GetValueOrThrow();
        Assert.Equal(SHA256.HashData(kept), acceptance.Statement.EnvelopeSha256.ToByteArray());

        // DE stores all six; the first four went to the hub as a full batch, the last two wait when DE stops.
        De.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == 6), "DE stores the first six");
        Assert.Equal([true, true, true, true, false, false], sent.Select(m => Acknowledged(m)));
        await De.RestartAsync();
        De.StartSubscriber();

        // FR restarts between passes and sends six more; DE restarts while they stream in.
        await Fr.RestartAsync();
        Fr.StartSubscriber();
        for (var i = 0; i < 6; i++)
        {
            sent.Add(await Fr.EnqueueAsync("DE"));
        }

        Assert.Equal(6, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count >= 8), "DE stores some of the next six");
        await De.RestartAsync();
        De.StartSubscriber();

        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == sent.Count), "DE stores all twelve");
        await Eventually.TrueAsync(
            async () => (await Task.WhenAll(sent.Select(m => Fr.Store.GetOutboxAsync(m.LocalId)))).All(e => e!.Deliveries.Count == 1),
            "FR records DE's delivery receipt for every message");

        var inbox = De.Inbox();
        Assert.Equal(sent.Select(m => m.MessageId), inbox.Select(m => m.MessageId));
        Assert.Equal(sent.Select(m => m.Sequence), inbox.Select(m => m.Sequence));
        Assert.Empty(await De.Store.QuarantinedAsync());
        Assert.Empty(await De.Store.AlarmsAsync());
        Assert.Equal(sent.Count, Hub.MessagesFrom(Fr.Party));
        var outbox = await Task.WhenAll(sent.Select(m => Fr.Store.GetOutboxAsync(m.LocalId)));
        Assert.All(outbox, e => Assert.Equal(OutboxState.Accepted, e!.State));
        Assert.Equal(outbox.Select(e => e!.HubSequence).Order(), outbox.Select(e => e!.HubSequence));
        Assert.All(outbox, e => Assert.Equal(De.Party, Assert.Single(e!.Deliveries).Recipient));
    }

    /// <summary>
    /// THREATS row 27, the node's side, with the node itself staying up: the hub goes away while DE holds two
    /// acknowledgements it has not sent (the last two of six, in batches of four). DE's subscription comes back from the
    /// cursor it stored, not from the last delivery it saw, so the two are delivered again, recognised as repeats and
    /// acknowledged with the next two messages: the hub's record is complete and FR gets every delivery receipt.
    /// </summary>
    [Fact]
    public async Task HubRestart_WhileDeHoldsUnsentAcknowledgements_DeResubscribesFromItsStoredCursor_AndFrGetsEveryReceipt()
    {
        var sent = new List<EnqueuedMessage>();
        for (var i = 0; i < 6; i++)
        {
            sent.Add(await Fr.EnqueueAsync("DE"));
        }

        Assert.Equal(6, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        De.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == 6), "DE stores all six");
        Assert.Equal([true, true, true, true, false, false], sent.Select(m => Acknowledged(m)));

        await Hub.StopAsync();
        await Hub.StartAgainAsync();
        Fr.StartSubscriber();

        // Two more fill DE's next batch of four (acknowledgements here are never sent on a timer): the two repeats and these.
        for (var i = 0; i < 2; i++)
        {
            sent.Add(await Fr.EnqueueAsync("DE"));
        }

        Assert.Equal(2, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        await Eventually.TrueAsync(() => Task.FromResult(sent.All(Acknowledged)), "the hub holds DE's acknowledgement of all eight");
        await Eventually.TrueAsync(
            async () => (await Task.WhenAll(sent.Select(m => Fr.Store.GetOutboxAsync(m.LocalId)))).All(e => e!.Deliveries.Count == 1),
            "FR records DE's delivery receipt for every message");
        Assert.Equal(sent.Select(m => m.MessageId), De.Inbox().Select(m => m.MessageId));
        Assert.Empty(await De.Store.QuarantinedAsync());
        Assert.Empty(await De.Store.AlarmsAsync());
    }

    private bool Acknowledged(EnqueuedMessage message) =>
        Hub.AcknowledgedReceipts("DE", Hub.HubSequenceOf(Fr.Party, message.MessageId)).Single() is not null;
}
