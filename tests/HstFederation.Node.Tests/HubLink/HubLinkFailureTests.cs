using Google.Protobuf;
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
    public async Task Send_WhileTheHubIsDown_StaysQueuedWithItsEnvelope_AndIsAcceptedOnceTheHubIsBack()
    {
        await Fr.Directory.RefreshAsync(CancellationToken.None);
        await Hub.StopAsync();

        var queued = await Fr.EnqueueAsync("DE");
        Assert.Equal(0, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        var waiting = (await Fr.Store.GetOutboxAsync(queued.LocalId))!;
        Assert.Equal(OutboxState.Queued, waiting.State);
        Assert.Null(waiting.RejectReason);
        Assert.NotNull(waiting.Envelope);

        await Hub.StartAgainAsync();
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        var sent = (await Fr.Store.GetOutboxAsync(queued.LocalId))!;
        Assert.Equal(OutboxState.Accepted, sent.State);
        Assert.Equal(waiting.Envelope, sent.Envelope);
        Assert.NotNull(sent.Receipt);

        De.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(Fr.Party, queued.MessageId) is not null, "DE receives the message");
    }
}
