using System.Security.Cryptography;
using Google.Protobuf;
using HstFederation.Node.HubLink;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>Outbox sender and inbox subscriber against a real hub on real Kestrel with mutual TLS, real SQLite node stores.</summary>
public sealed class HubLinkTests : HubLinkTestBase
{
    [Fact]
    public async Task Send_FrToDe_AcceptedWithAVerifiedReceipt_DeStoresOnceAndAcknowledges_FrRecordsTheDeliveryReceipt()
    {
        var queued = await Fr.EnqueueAsync("DE");

        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        var sent = (await Fr.Store.GetOutboxAsync(queued.LocalId))!;
        Assert.Equal(OutboxState.Accepted, sent.State);
        var receipt = SignedStatements.Verify(
            SignedStatement.Parser.ParseFrom(sent.Receipt), StatementKind.AcceptanceReceipt, AcceptanceReceipt.Parser, Hub.Trust, r => r.AcceptedAtMs).GetValueOrThrow();
        Assert.True(receipt.Signer.Party.IsHub);
        Assert.Equal(queued.MessageId, receipt.Statement.MessageId.ToByteArray());
        Assert.Equal(SHA256.HashData(sent.Envelope!), receipt.Statement.EnvelopeSha256.ToByteArray());
        Assert.Equal([De.Party], receipt.Statement.Recipients);

        De.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(Fr.Party, queued.MessageId) is not null, "DE stores FR's message");
        Fr.StartSubscriber();
        await Eventually.TrueAsync(
            async () => (await Fr.Store.GetOutboxAsync(queued.LocalId))!.Deliveries.Count == 1, "FR records DE's delivery receipt");

        var delivery = Assert.Single((await Fr.Store.GetOutboxAsync(queued.LocalId))!.Deliveries);
        Assert.Equal(De.Party, delivery.Recipient);
        var deliveryReceipt = SignedStatements.Verify(
            SignedStatement.Parser.ParseFrom(delivery.Receipt), StatementKind.DeliveryReceipt, DeliveryReceipt.Parser, Hub.Trust, r => r.ReceivedAtMs).GetValueOrThrow();
        Assert.Equal(queued.MessageId, deliveryReceipt.Statement.MessageId.ToByteArray());
        Assert.Equal(1, De.Count("SELECT COUNT(*) FROM inbox;"));
        Assert.Equal(0, De.Count("SELECT COUNT(*) FROM quarantine;"));
    }

    [Fact]
    public async Task Send_FrToDeAndIt_BothStoreExactlyWhatFrSent_EsGetsNothing_FrHoldsTheAcceptanceAndBothVerifiedDeliveryReceipts()
    {
        await using var it = CreateNode("IT");
        await using var es = CreateNode("ES");
        es.StartSubscriber();
        var queued = await Fr.EnqueueAsync("DE", "IT");

        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        var sent = (await Fr.Store.GetOutboxAsync(queued.LocalId))!;
        Assert.Equal(OutboxState.Accepted, sent.State);
        var acceptance = SignedStatements.Verify(
            SignedStatement.Parser.ParseFrom(sent.Receipt), StatementKind.AcceptanceReceipt, AcceptanceReceipt.Parser, Hub.Trust, r => r.AcceptedAtMs).GetValueOrThrow();
        Assert.True(acceptance.Signer.Party.IsHub);
        Assert.Equal(queued.MessageId, acceptance.Statement.MessageId.ToByteArray());
        Assert.Equal(Fr.Party, acceptance.Statement.Sender);
        Assert.Equal(SHA256.HashData(sent.Envelope!), acceptance.Statement.EnvelopeSha256.ToByteArray());
        Assert.Equal([De.Party, it.Party], acceptance.Statement.Recipients.Order(StringComparer.Ordinal));
        Assert.Equal((long)acceptance.Statement.HubSequence, sent.HubSequence);

        De.StartSubscriber();
        it.StartSubscriber();
        Fr.StartSubscriber();
        await Eventually.TrueAsync(
            async () => (await Fr.Store.GetOutboxAsync(queued.LocalId))!.Deliveries.Count == 2, "FR records DE's and IT's delivery receipts");

        var headerSha256 = SHA256.HashData(Envelope.Parser.ParseFrom(sent.Envelope).Header.Span);
        foreach (var recipient in new[] { De, it })
        {
            var stored = (await recipient.Store.GetReceivedAsync(Fr.Party, queued.MessageId))!;
            Assert.Equal(sent.Plaintext, stored.Message.Plaintext);
            Assert.Equal(sent.Envelope, stored.Message.Envelope);
            Assert.Equal(headerSha256, stored.Message.HeaderHash);
            Assert.Equal(queued.Sequence, stored.Message.Sequence);
            Assert.Equal(1, recipient.Count("SELECT COUNT(*) FROM inbox;"));
            Assert.Equal(0, recipient.Count("SELECT COUNT(*) FROM quarantine;"));

            // An independent check of what the node verified: the stored envelope opens for the recipient to the same message.
            var opened = new EnvelopeOpener(new EnvelopeVerifier(Hub.Trust, HandlingPolicy.WithoutRegions))
                .Open(stored.Message.Envelope, Hub.Credentials(recipient.Code)).GetValueOrThrow();
            Assert.Equal(sent.Plaintext, opened.Message.ToByteArray());
        }

        var deliveries = (await Fr.Store.GetOutboxAsync(queued.LocalId))!.Deliveries;
        Assert.Equal([De.Party, it.Party], deliveries.Select(d => d.Recipient));
        foreach (var delivery in deliveries)
        {
            var receipt = SignedStatements.Verify(
                SignedStatement.Parser.ParseFrom(delivery.Receipt), StatementKind.DeliveryReceipt, DeliveryReceipt.Parser, Hub.Trust, r => r.ReceivedAtMs)
                .GetValueOrThrow();
            Assert.Equal(delivery.Recipient, receipt.Signer.Party.Uri);
            Assert.Equal(delivery.Recipient, receipt.Statement.Recipient);
            Assert.Equal(Fr.Party, receipt.Statement.Sender);
            Assert.Equal(queued.MessageId, receipt.Statement.MessageId.ToByteArray());
            Assert.Equal(headerSha256, receipt.Statement.HeaderSha256.ToByteArray());
        }

        // ES's stream is live (a later message to ES arrives) and holds nothing before it: FR's first message never reached ES.
        var toEs = await Fr.EnqueueAsync("ES");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        await Eventually.TrueAsync(async () => await es.Store.GetReceivedAsync(Fr.Party, toEs.MessageId) is not null, "ES stores the message addressed to it");
        var esInbox = es.Inbox();
        Assert.Equal(toEs.MessageId, Assert.Single(esInbox).MessageId);
        Assert.Equal(0, es.Count("SELECT COUNT(*) FROM quarantine;"));
    }

    /// <summary>Whether DE is addressed through a region is decided with DE's copy of the member directory: DE needs one before it verifies.</summary>
    [Fact]
    public async Task Send_ToARegion_ANodeThatNeverFetchedTheDirectory_StoresIt_RatherThanQuarantiningItAsAHandlingViolation()
    {
        await Hub.DefineRegionAsync("Schengen-South", "DE", "IT");
        var queued = await Fr.EnqueueAsync(new Addressees { Regions = { "Schengen-South" } }, ["DE", "IT"]);
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        Assert.Equal(OutboxState.Accepted, (await Fr.Store.GetOutboxAsync(queued.LocalId))!.State);
        Assert.Null(De.Directory.Current);

        De.StartSubscriber();
        await Eventually.TrueAsync(
            async () => await De.Store.GetReceivedAsync(Fr.Party, queued.MessageId) is not null || De.Count("SELECT COUNT(*) FROM quarantine;") > 0,
            "DE handles the region-addressed message");

        Assert.Empty(await De.Store.QuarantinedAsync());
        Assert.Equal(queued.MessageId, Assert.Single(De.Inbox()).MessageId);
    }

    [Fact]
    public async Task Send_ToAMemberTheHubSuspended_EndsRejectedWithTheHubsReason_AndAFreshDirectoryRefusesToSeal()
    {
        await Fr.EnqueueAsync("DE");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        await Hub.SetStatusAsync("IT", MemberStatus.Suspended);

        var toSuspended = await Fr.EnqueueAsync("IT");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        var refused = (await Fr.Store.GetOutboxAsync(toSuspended.LocalId))!;
        Assert.Equal(OutboxState.Rejected, refused.State);
        Assert.True(Enum.TryParse<RejectionReason>(refused.RejectReason, out var reason), refused.RejectReason);
        Assert.NotEqual(RejectionReason.Unspecified, reason);
        Assert.False(string.IsNullOrEmpty(refused.RejectDetail));

        await Fr.RestartAsync();
        var again = await Fr.EnqueueAsync("IT");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        var local = (await Fr.Store.GetOutboxAsync(again.LocalId))!;
        Assert.Equal(OutboxState.Rejected, local.State);
        Assert.Equal(LocalReasons.RecipientNotActive, local.RejectReason);
        Assert.Null(local.Envelope);
    }

    [Fact]
    public async Task KeptEnvelope_ResubmittedAfterRestart_IsTheHubsDuplicateWithTheOriginalReceipt()
    {
        var queued = await Fr.EnqueueAsync("DE");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        var envelope = (await Fr.Store.GetOutboxAsync(queued.LocalId))!.Envelope!;

        await Fr.RestartAsync();
        using var connection = new HubConnection(Hub.Address, Hub.TlsCertificate("FR"), Hub.Trust);
        var response = await connection.Client.SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) });

        Assert.True(response.Duplicate);
        Assert.Equal((await Fr.Store.GetOutboxAsync(queued.LocalId))!.Receipt, response.Receipt.ToByteArray());
    }
}
