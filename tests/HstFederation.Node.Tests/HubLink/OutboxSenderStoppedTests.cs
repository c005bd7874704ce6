using HstFederation.Node.Storage;
using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// A queued message cancelled or purged after the sender read it and before it refused it locally: the refusal comes
/// second and is not recorded; the sender (so `serve`) goes on with the next message.
/// </summary>
public sealed class OutboxSenderStoppedTests : HubLinkTestBase
{
    [Fact]
    public async Task RunOnce_MessageCancelledBeforeItsLocalRefusal_KeepsTheCancel_AndSendsTheNextMessage()
    {
        await Hub.SetStatusAsync("IT", MemberStatus.Suspended);
        var fetch = new BeforeDirectoryFetch();
        await using var es = CreateNode("ES", interceptor: fetch);
        var toSuspended = await es.EnqueueAsync("IT");
        var next = await es.EnqueueAsync("DE");
        // The pass reads both as queued; the cancel commits before the directory it seals with arrives, so before the
        // sender refuses the first as RecipientNotActive.
        fetch.Once(() => es.Store.CancelQueuedAsync(toSuspended.LocalId, es.Party, "operator:test"));

        var finished = await es.Sender.RunOnceAsync(CancellationToken.None);

        Assert.Equal(2, finished);
        var cancelled = (await es.Store.GetOutboxAsync(toSuspended.LocalId))!;
        Assert.Equal(OutboxState.Rejected, cancelled.State);
        Assert.Equal(OutboxCancel.Reason, cancelled.RejectReason);
        Assert.Equal(OutboxState.Accepted, (await es.Store.GetOutboxAsync(next.LocalId))!.State);
        Assert.Equal(0, es.Count("SELECT COUNT(*) FROM audit WHERE action = 'rejected';"));
    }

    [Fact]
    public async Task MarkRejected_OnACancelledOrPurgedMessage_SaysNotQueued_ButAnotherRefusalAlreadyHeldStillFailsLoudly()
    {
        var cancelled = await Fr.EnqueueAsync("DE");
        var refused = await Fr.EnqueueAsync("DE");
        var now = DateTimeOffset.UtcNow;
        var expired = await Fr.Store.EnqueueAsync(new OutboxItem(
            MessageIds.NewId(now, SystemRandomSource.Instance), "operator:test", SampleMessages.Realistic(now).ToByteArray(), [De.Party])
        {
            RetainUntilMs = 1,
        });
        await Fr.Store.CancelQueuedAsync(cancelled.LocalId, Fr.Party, "operator:test");
        Assert.Equal(1, await Fr.Store.SweepRetentionAsync(Fr.Party));
        await Fr.Store.MarkRejectedAsync(refused.LocalId, "NotSealable", "first");

        await Assert.ThrowsAsync<OutboxNotQueuedException>(() => Fr.Store.MarkRejectedAsync(cancelled.LocalId, "LifetimeOver", "second"));
        await Assert.ThrowsAsync<OutboxNotQueuedException>(() => Fr.Store.MarkRejectedAsync(expired.LocalId, "LifetimeOver", "second"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Fr.Store.MarkRejectedAsync(refused.LocalId, "LifetimeOver", "second"));
        Assert.Equal(OutboxCancel.Reason, (await Fr.Store.GetOutboxAsync(cancelled.LocalId))!.RejectReason);
    }

    [Fact]
    public async Task MarkAccepted_OnACopyPurgedDuringItsSubmit_RecordsTheHubsAcceptance_AndCountsItForItsRecipients()
    {
        // Sealed (the sender's claim before its submit), then purged at its retention date while that submit was in
        // flight, then the hub's acceptance arrives: the hub holds it, so it must not be lost nor its number reused.
        var now = DateTimeOffset.UtcNow;
        var entry = await Fr.Store.EnqueueAsync(new OutboxItem(
            MessageIds.NewId(now, SystemRandomSource.Instance), "operator:test", SampleMessages.Realistic(now).ToByteArray(), [De.Party])
        {
            RetainUntilMs = 1,
        });
        var envelope = new Envelope { Header = ByteString.CopyFromUtf8("a sealed header") }.ToByteArray();
        Assert.True(await Fr.Store.RecordSealedAsync(entry.LocalId, envelope));
        var before = (await Fr.Store.NextRecipientSequencesAsync([De.Party]))[De.Party];
        Assert.Equal(1, await Fr.Store.SweepRetentionAsync(Fr.Party));

        Assert.True(await Fr.Store.MarkAcceptedAsync(entry.LocalId, [4, 5, 6], 42));

        var accepted = (await Fr.Store.GetOutboxAsync(entry.LocalId))!;
        Assert.Equal(OutboxState.Accepted, accepted.State);
        Assert.Equal(42, accepted.HubSequence);
        Assert.Null(accepted.RejectReason);
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM outbox WHERE local_id = {entry.LocalId} AND purged_at_ms IS NOT NULL AND plaintext = X'' AND envelope IS NULL;"));
        Assert.Equal(before + 1, (await Fr.Store.NextRecipientSequencesAsync([De.Party]))[De.Party]);
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'accepted' AND detail LIKE '%purged (expired) during the submit';"));
    }
}
