using Google.Protobuf;
using Grpc.Core;
using HstFederation.Node.HubLink;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Envelope;
using HstFederation.Testing.Samples;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>The hub link when things go wrong: a delivery that does not open, an expired directory, a hub that goes away.</summary>
public sealed class HubLinkFailureTests : HubLinkTestBase
{
    [Fact]
    public async Task Delivery_WrappingAnotherKeyForDe_IsQuarantinedAsKeyCommitmentMismatch_NotStored_AndTheStreamMovesOn()
    {
        var now = TimeProvider.System.GetUtcNow();
        var message = SampleMessages.Realistic(now);
        message.Handling.Code = HandlingCode.H1;
        message.Handling.Addressees = new Addressees();
        message.Handling.Addressees.Members.Add("DE");
        message.Handling.HubMayRead = false;
        var deKeys = await Fr.Directory.RecipientKeysAsync(["DE"], CancellationToken.None);
        var forge = new EnvelopeForge(SystemRandomSource.Instance)
        {
            Message = message,
            Signer = Hub.Credentials("FR"),
            Recipients = deKeys,
            CreatedAt = now,
            Sequence = 1000,
            KeyForRecipient = (_, contentKey) => [.. contentKey.Select(b => (byte)(b ^ 0xFF))],
        };
        var forged = forge.Build();
        using (var connection = new HubConnection(Hub.Address, Hub.TlsCertificate("FR"), Hub.Trust))
        {
            var response = await connection.Client.SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(forged) });
            Assert.False(response.Duplicate);
        }

        De.StartSubscriber();
        await Eventually.TrueAsync(async () => (await De.Store.QuarantinedAsync()).Count == 1, "DE quarantines the delivery it cannot open");

        var quarantined = Assert.Single(await De.Store.QuarantinedAsync());
        Assert.Equal(nameof(RejectionReason.KeyCommitmentMismatch), quarantined.Reason);
        Assert.False(string.IsNullOrEmpty(quarantined.Detail));
        Assert.Equal(forged, quarantined.Envelope);
        Assert.Null(await De.Store.GetReceivedAsync(Fr.Party, forge.Trace.MessageId));
        Assert.Equal(0, De.Count("SELECT COUNT(*) FROM inbox;"));

        var valid = await Fr.EnqueueAsync("DE");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(Fr.Party, valid.MessageId) is not null, "DE stores the later valid message");

        Assert.Equal(1, De.Count("SELECT COUNT(*) FROM inbox;"));
        Assert.Single(await De.Store.QuarantinedAsync());
    }

    [Fact]
    public async Task Directory_ExpiredAndHubUnreachable_FailsClosed_AndTheSenderSealsNothing()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var node = TestNode.Create(Hub, "ES", time);
        try
        {
            var directory = await node.Directory.RefreshAsync(CancellationToken.None);
            await Hub.StopAsync();
            time.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(directory.ExpiresAtMs) + TimeSpan.FromSeconds(1));

            var error = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => node.Directory.RecipientKeysAsync(["DE"], CancellationToken.None));
            Assert.Contains("expired", error.Message, StringComparison.Ordinal);
            Assert.IsType<DirectoryUnavailableException>(error.InnerException);

            var queued = await node.EnqueueAsync("DE");
            Assert.Equal(0, await node.Sender.RunOnceAsync(CancellationToken.None));

            var entry = (await node.Store.GetOutboxAsync(queued.LocalId))!;
            Assert.Equal(OutboxState.Queued, entry.State);
            Assert.Null(entry.Envelope);
            Assert.Null(entry.RejectReason);
            Assert.Single(await node.Store.PendingAsync());
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Directory_AlreadyExpiredByTheNodesClock_IsRefused()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddDays(2));
        var node = TestNode.Create(Hub, "ES", time);
        try
        {
            var error = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => node.Directory.RefreshAsync(CancellationToken.None));

            Assert.Contains("already expired", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Send_WhileTheHubIsDown_StaysQueued_AndOnceTheHubIsBackTheOutboxDrainsInOrder_AndDeReceivesInOrder()
    {
        await Fr.Directory.RefreshAsync(CancellationToken.None);
        var before = await Fr.EnqueueAsync("DE");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        // (With a subscription open, stopping the hub waits out the host's 30 s shutdown timeout: the hub's
        // Subscribe handler does not end on ApplicationStopping. So DE starts subscribing once the hub is down.)
        await Hub.StopAsync();
        De.StartSubscriber();

        var queued = new List<EnqueuedMessage>();
        for (var i = 0; i < 5; i++)
        {
            queued.Add(await Fr.EnqueueAsync("DE"));
            Assert.Equal(0, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        }

        // Every pass stopped at the first queued message: it is sealed and kept, the later ones wait unsealed.
        var waiting = await Task.WhenAll(queued.Select(m => Fr.Store.GetOutboxAsync(m.LocalId)));
        Assert.All(waiting, e => Assert.Equal(OutboxState.Queued, e!.State));
        Assert.All(waiting, e => Assert.Null(e!.RejectReason));
        Assert.NotNull(waiting[0]!.Envelope);
        Assert.All(waiting.Skip(1), e => Assert.Null(e!.Envelope));

        await Hub.StartAgainAsync();
        Assert.Equal(queued.Count, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        var sent = await Task.WhenAll(queued.Prepend(before).Select(m => Fr.Store.GetOutboxAsync(m.LocalId)));
        Assert.All(sent, e => Assert.Equal(OutboxState.Accepted, e!.State));
        Assert.Equal(waiting[0]!.Envelope, sent[1]!.Envelope);
        Assert.Equal(sent.Select(e => e!.Sequence).Order(), sent.Select(e => e!.Sequence));
        Assert.Equal(sent.Select(e => e!.HubSequence).Order(), sent.Select(e => e!.HubSequence));
        Assert.Equal(sent.Length, sent.Select(e => e!.HubSequence).Distinct().Count());

        // DE kept trying while the hub was away, connected once it was back, and receives everything in order.
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == sent.Length), "DE receives all six");
        Assert.Equal(sent.Select(e => e!.MessageId), De.Inbox().Select(m => m.MessageId));
        Assert.Empty(await De.Store.AlarmsAsync());
    }

    /// <summary>THREATS row 28 on the sending node: a pass that cannot commit is tried again later, and the link resumes.</summary>
    [Fact]
    public async Task Send_WhileTheSendersDiskIsFull_ThePassEndsQueued_AndTheMessageGoesOnceSpaceReturns()
    {
        var queued = await Fr.EnqueueAsync("DE");
        await Fr.Store.SetMaxPageCountAsync(1); // SQLite keeps it at the current size: no page may be added

        // Keeping the sealed envelope, or recording the hub's receipt, does not fit: whichever fails ends the pass.
        Assert.Equal(0, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        Assert.False(Fr.Store.IsHealthy);
        var waiting = (await Fr.Store.GetOutboxAsync(queued.LocalId))!;
        Assert.Equal(OutboxState.Queued, waiting.State);
        Assert.Null(waiting.RejectReason);

        await Fr.Store.SetMaxPageCountAsync(1_000_000);
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        var sent = (await Fr.Store.GetOutboxAsync(queued.LocalId))!;
        Assert.Equal(OutboxState.Accepted, sent.State);
        Assert.Equal(waiting.Envelope ?? sent.Envelope, sent.Envelope);
        Assert.Equal(1, Hub.MessagesFrom(Fr.Party));
        Assert.True(Fr.Store.IsHealthy);
    }

    /// <summary>
    /// THREATS row 28 at the hub, seen from a sender: the hub's full store answers Unavailable with StorageFull, which
    /// the node retries with backoff and never records as a refusal; the message goes once the hub has room again.
    /// </summary>
    [Fact]
    public async Task Send_WhileTheHubsStorageIsFull_IsRetriedAndStaysQueued_NotRejected_AndIsAcceptedOnceSpaceReturns()
    {
        var submits = new SubmitRecorder();
        await using var it = CreateNode("IT", interceptor: submits);
        await it.Directory.RefreshAsync(CancellationToken.None);
        await Hub.SetMaxPageCountAsync(1);
        var queued = await it.EnqueueAsync("DE");

        Assert.Equal(0, await it.Sender.RunOnceAsync(CancellationToken.None));

        Assert.True(submits.Outcomes.Count > 1, "the pass retried the submission");
        Assert.All(submits.Outcomes, o => Assert.Equal((StatusCode.Unavailable, RejectionReason.StorageFull), o));
        var waiting = (await it.Store.GetOutboxAsync(queued.LocalId))!;
        Assert.Equal(OutboxState.Queued, waiting.State);
        Assert.Null(waiting.RejectReason);
        Assert.Null(waiting.HubSequence);
        Assert.Equal(0, Hub.MessagesFrom(it.Party));

        await Hub.SetMaxPageCountAsync(1_000_000);
        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));
        var sent = (await it.Store.GetOutboxAsync(queued.LocalId))!;
        Assert.Equal(OutboxState.Accepted, sent.State);
        Assert.Equal(waiting.Envelope, sent.Envelope);
        Assert.Equal(1, Hub.MessagesFrom(it.Party));
    }

    /// <summary>THREATS row 28 on the receiving node: the subscriber keeps retrying from its cursor, nothing is acknowledged meanwhile.</summary>
    [Fact]
    public async Task Receive_WhileTheRecipientsDiskIsFull_NothingIsAcknowledged_AndTheMessageIsStoredOnceSpaceReturns()
    {
        var first = await Fr.EnqueueAsync("DE");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        De.StartSubscriber();
        Fr.StartSubscriber();
        await Eventually.TrueAsync(
            async () => (await Fr.Store.GetOutboxAsync(first.LocalId))!.Deliveries.Count == 1, "DE stores and acknowledges the first message");
        await De.Store.SetMaxPageCountAsync(1); // no page may be added: the next message does not fit

        var second = await Fr.EnqueueAsync("DE");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        await Eventually.TrueAsync(() => Task.FromResult(!De.Store.IsHealthy), "DE fails to store the second message");
        var hubSequence = Hub.HubSequenceOf(Fr.Party, second.MessageId);
        Assert.Null(Assert.Single(Hub.AcknowledgedReceipts("DE", hubSequence)));

        // The subscriber keeps retrying meanwhile; a retry that shares the writer's batch with the raise fails the batch
        // as a whole (nothing is committed while the disk is full), so the raise is retried like any refused write.
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await De.Store.SetMaxPageCountAsync(1_000_000);
                return true;
            }
            catch (NodeStoreUnavailableException)
            {
                return false;
            }
        }, "DE's quota is raised");
        await Eventually.TrueAsync(
            async () => (await Fr.Store.GetOutboxAsync(second.LocalId))!.Deliveries.Count == 1, "DE stores and acknowledges the second message");
        Assert.Equal([first.MessageId, second.MessageId], De.Inbox().Select(m => m.MessageId));
        Assert.True(De.Store.IsHealthy);
    }

    /// <summary>
    /// Sender, subscriber and directory cache share one channel, and each drops it when one of its calls fails
    /// (HubConnection.Reset), which ends the others' calls on it: the subscription must come back every time.
    /// </summary>
    [Fact]
    public async Task Subscription_WhenTheSharedChannelIsDroppedBetweenTwoReads_Resubscribes_AndStoresEverything()
    {
        var resets = new ChannelResets { AfterAcknowledge = true };
        await using var it = CreateNode("IT", new HubLinkOptions { RetryDelay = TimeSpan.FromMilliseconds(10), AckBatchSize = 1 }, resets);
        resets.Connection = it.Connection;
        var sent = new List<EnqueuedMessage>();
        for (var i = 0; i < 5; i++)
        {
            sent.Add(await Fr.EnqueueAsync("IT"));
        }

        Assert.Equal(5, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        it.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(it.Inbox().Count == sent.Count), "IT stores all five, its channel dropped after every acknowledgement");

        Assert.Equal(sent.Select(m => m.MessageId), it.Inbox().Select(m => m.MessageId));
        Assert.True(resets.Resets >= sent.Count - 1); // each acknowledgement's reset comes before the next delivery is handled
        await it.StopSubscriberAsync();
    }

    [Fact]
    public async Task Send_WhenTheSharedChannelIsDroppedJustBeforeTheSubmit_IsRetriedOnANewChannel_AndAccepted()
    {
        var resets = new ChannelResets { BeforeSubmit = 1 };
        await using var it = CreateNode("IT", interceptor: resets);
        resets.Connection = it.Connection;
        var queued = await it.EnqueueAsync("DE");

        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));

        Assert.Equal(OutboxState.Accepted, (await it.Store.GetOutboxAsync(queued.LocalId))!.State);
        Assert.Equal(1, resets.Resets);
    }
}
