using System.Security.Cryptography;
using Google.Protobuf;
using HstFederation.Node.HubLink;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>Outbox sender and inbox subscriber against a real hub on real Kestrel with mutual TLS, real SQLite node stores.</summary>
public sealed class HubLinkTests : IAsyncLifetime
{
    private TestHub _hub = null!;
    private TestNode _fr = null!;
    private TestNode _de = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _fr = TestNode.Create(_hub, "FR");
        _de = TestNode.Create(_hub, "DE");
    }

    public async Task DisposeAsync()
    {
        await _fr.DisposeAsync();
        await _de.DisposeAsync();
        await _hub.DisposeAsync();
    }

    [Fact]
    public async Task Send_FrToDe_AcceptedWithAVerifiedReceipt_DeStoresOnceAndAcknowledges_FrRecordsTheDeliveryReceipt()
    {
        var queued = await _fr.EnqueueAsync("DE");

        Assert.Equal(1, await _fr.Sender.RunOnceAsync(CancellationToken.None));

        var sent = (await _fr.Store.GetOutboxAsync(queued.LocalId))!;
        Assert.Equal(OutboxState.Accepted, sent.State);
        var receipt = SignedStatements.Verify(
            SignedStatement.Parser.ParseFrom(sent.Receipt), StatementKind.AcceptanceReceipt, AcceptanceReceipt.Parser, _hub.Trust, r => r.AcceptedAtMs).GetValueOrThrow();
        Assert.True(receipt.Signer.Party.IsHub);
        Assert.Equal(queued.MessageId, receipt.Statement.MessageId.ToByteArray());
        Assert.Equal(SHA256.HashData(sent.Envelope!), receipt.Statement.EnvelopeSha256.ToByteArray());
        Assert.Equal([_de.Party], receipt.Statement.Recipients);

        _de.StartSubscriber();
        await Eventually.TrueAsync(async () => await _de.Store.GetReceivedAsync(_fr.Party, queued.MessageId) is not null, "DE stores FR's message");
        _fr.StartSubscriber();
        await Eventually.TrueAsync(
            async () => (await _fr.Store.GetOutboxAsync(queued.LocalId))!.Deliveries.Count == 1, "FR records DE's delivery receipt");

        var delivery = Assert.Single((await _fr.Store.GetOutboxAsync(queued.LocalId))!.Deliveries);
        Assert.Equal(_de.Party, delivery.Recipient);
        var deliveryReceipt = SignedStatements.Verify(
            SignedStatement.Parser.ParseFrom(delivery.Receipt), StatementKind.DeliveryReceipt, DeliveryReceipt.Parser, _hub.Trust, r => r.ReceivedAtMs).GetValueOrThrow();
        Assert.Equal(queued.MessageId, deliveryReceipt.Statement.MessageId.ToByteArray());
        Assert.Equal(1, _de.Count("SELECT COUNT(*) FROM inbox;"));
        Assert.Equal(0, _de.Count("SELECT COUNT(*) FROM quarantine;"));
    }

    [Fact]
    public async Task Send_ToAMemberTheHubSuspended_EndsRejectedWithTheHubsReason_AndAFreshDirectoryRefusesToSeal()
    {
        await _fr.EnqueueAsync("DE");
        Assert.Equal(1, await _fr.Sender.RunOnceAsync(CancellationToken.None));
        await _hub.SetStatusAsync("IT", MemberStatus.Suspended);

        var toSuspended = await _fr.EnqueueAsync("IT");
        Assert.Equal(1, await _fr.Sender.RunOnceAsync(CancellationToken.None));

        var refused = (await _fr.Store.GetOutboxAsync(toSuspended.LocalId))!;
        Assert.Equal(OutboxState.Rejected, refused.State);
        Assert.True(Enum.TryParse<RejectionReason>(refused.RejectReason, out var reason), refused.RejectReason);
        Assert.NotEqual(RejectionReason.Unspecified, reason);
        Assert.False(string.IsNullOrEmpty(refused.RejectDetail));

        await _fr.RestartAsync();
        var again = await _fr.EnqueueAsync("IT");
        Assert.Equal(1, await _fr.Sender.RunOnceAsync(CancellationToken.None));

        var local = (await _fr.Store.GetOutboxAsync(again.LocalId))!;
        Assert.Equal(OutboxState.Rejected, local.State);
        Assert.Equal(LocalReasons.RecipientNotActive, local.RejectReason);
        Assert.Null(local.Envelope);
    }

    [Fact]
    public async Task Restart_ResumesFromTheCursor_WithoutDuplicates()
    {
        var first = await _fr.EnqueueAsync("DE");
        await _fr.Sender.RunOnceAsync(CancellationToken.None);
        _de.StartSubscriber();
        await Eventually.TrueAsync(async () => await _de.Store.GetReceivedAsync(_fr.Party, first.MessageId) is not null, "DE stores the first message");
        await Eventually.TrueAsync(async () => await _de.Store.GetCursorAsync() > 0, "DE's cursor moves after the acknowledgement");

        await _de.RestartAsync();
        var cursorAfterRestart = await _de.Store.GetCursorAsync();
        var second = await _fr.EnqueueAsync("DE");
        await _fr.Sender.RunOnceAsync(CancellationToken.None);
        _de.StartSubscriber();
        await Eventually.TrueAsync(async () => await _de.Store.GetReceivedAsync(_fr.Party, second.MessageId) is not null, "DE stores the second message");

        Assert.True(cursorAfterRestart > 0);
        Assert.Equal(2, _de.Count("SELECT COUNT(*) FROM inbox;"));
        Assert.Equal(0, _de.Count("SELECT COUNT(*) FROM quarantine;"));
    }

    [Fact]
    public async Task KeptEnvelope_ResubmittedAfterRestart_IsTheHubsDuplicateWithTheOriginalReceipt()
    {
        var queued = await _fr.EnqueueAsync("DE");
        Assert.Equal(1, await _fr.Sender.RunOnceAsync(CancellationToken.None));
        var envelope = (await _fr.Store.GetOutboxAsync(queued.LocalId))!.Envelope!;

        await _fr.RestartAsync();
        using var connection = new HubConnection(_hub.Address, _hub.TlsCertificate("FR"), _hub.Trust);
        var response = await connection.Client.SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) });

        Assert.True(response.Duplicate);
        Assert.Equal((await _fr.Store.GetOutboxAsync(queued.LocalId))!.Receipt, response.Receipt.ToByteArray());
    }
}
