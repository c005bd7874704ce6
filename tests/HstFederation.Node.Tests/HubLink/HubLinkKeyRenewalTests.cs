using HstFederation.Node.HubLink;
using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// A member renews its message keys while messages are in flight (THREATS row 23: nothing lost or duplicated): its
/// operator replaces the key files (<see cref="TestHub.RenewKeys"/>), re-enrols it with `hst-hub enroll`, and restarts
/// the node, which loads its party directory as `serve` does. One fake clock for hub and nodes; the new certificates are
/// valid from the renewal on. The nodes acknowledge in pairs and never on a timer (a day away on a clock that moves
/// only when a test moves it), so which deliveries are acknowledged when FR stops does not depend on timing.
/// </summary>
public sealed class HubLinkKeyRenewalTests() : HubLinkTestBase(Clock, AcknowledgedInPairs)
{
    private static readonly HubLinkOptions AcknowledgedInPairs = new()
    {
        RetryDelay = TimeSpan.Zero,
        MaxRetryDelay = TimeSpan.Zero,
        SubmitAttempts = 1,
        AckBatchSize = 2,
        AckFlushInterval = TimeSpan.FromDays(1),
    };

    private static FakeTimeProvider Clock => new(TimeProvider.System.GetUtcNow());

    private FakeTimeProvider Time => (FakeTimeProvider)Hub.Time;

    [Fact]
    public async Task SigningKeyRenewed_BetweenStoringADeliveryAndAcknowledgingIt_TheDeliveryAndLaterOnesAreAcknowledged_AndTheSourceRecordsTheReceipts()
    {
        var first = await De.EnqueueAsync("FR");
        Assert.Equal(1, await De.Sender.RunOnceAsync(CancellationToken.None));
        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Inbox().Count == 1), "FR stores DE's first message");
        var storedAt = Time.GetUtcNow().ToUnixTimeMilliseconds();
        var firstCursor = Hub.LastDeliveryCursor("FR");
        // FR stops with the acknowledgement still waiting for its pair: the hub will deliver it again.
        await Fr.StopSubscriberAsync();
        Assert.False(Hub.IsAcknowledged(firstCursor));

        Time.Advance(TimeSpan.FromMinutes(1));
        Hub.RenewKeys("FR", signing: true, encryption: false);
        var enrolled = await Hub.EnrollAsync("FR");
        Assert.True(enrolled.ExitCode == 0, enrolled.Output);
        await Fr.RestartAsync();
        var renewedFrom = Fr.Credentials.Signing.NotBefore.ToUnixTimeMilliseconds();
        Assert.True(renewedFrom > storedAt, "the renewed signing certificate is valid only after the delivery was stored");
        Fr.StartSubscriber();

        // The redelivered first message is a repeat; the second fills the pair, and both go in one acknowledge call.
        var second = await De.EnqueueAsync("FR");
        Assert.Equal(1, await De.Sender.RunOnceAsync(CancellationToken.None));
        var secondCursor = Hub.LastDeliveryCursor("FR");
        await Eventually.TrueAsync(
            () => Task.FromResult(Hub.IsAcknowledged(firstCursor) && Hub.IsAcknowledged(secondCursor)), "the hub takes FR's acknowledgements of both");
        De.StartSubscriber();
        await Eventually.TrueAsync(
            async () => (await Task.WhenAll(new[] { first, second }.Select(m => De.Store.GetOutboxAsync(m.LocalId)))).All(e => e!.Deliveries.Count == 1),
            "DE records FR's delivery receipt for both");

        Assert.Equal([first.MessageId, second.MessageId], Fr.Inbox().Select(m => m.MessageId));
        Assert.Empty(await Fr.Store.QuarantinedAsync());
        Assert.Empty(await De.Store.QuarantinedAsync());
        var receipt = await ReceiptAsync(first);
        // Signed with the renewed key, the receipt says when that key became valid: later than the truth, never earlier.
        Assert.Equal(renewedFrom, DeliveryReceipt.Parser.ParseFrom(receipt.Statement).ReceivedAtMs);
        Assert.Equal(Fr.Credentials.Signing.CertificateDer.ToArray(), receipt.SignerCertificate.ToByteArray());
        Assert.Equal(Time.GetUtcNow().ToUnixTimeMilliseconds(), DeliveryReceipt.Parser.ParseFrom((await ReceiptAsync(second)).Statement).ReceivedAtMs);
    }

    /// <summary>FR's signed delivery receipt for <paramref name="message"/>, as DE recorded it.</summary>
    private async Task<SignedStatement> ReceiptAsync(EnqueuedMessage message) =>
        SignedStatement.Parser.ParseFrom(Assert.Single((await De.Store.GetOutboxAsync(message.LocalId))!.Deliveries).Receipt);

    [Fact]
    public async Task EncryptionKeyRenewed_WhileMessagesSealedToTheOldKeyAreInFlight_FrHoldingThePreviousKey_StoresThemAll_AndAcknowledgesThem()
    {
        var oldKeyId = Hub.Credentials("FR").Encryption.KeyId.ToArray();
        // 1. Accepted by the hub while FR is offline.
        var waiting = await De.EnqueueAsync("FR");
        Assert.Equal(1, await De.Sender.RunOnceAsync(CancellationToken.None));
        // 2. Sealed, but DE lost the hub before it saw the envelope: kept in DE's outbox, sent as it is after the renewal.
        var kept = await De.EnqueueAsync("FR");
        De.Faults.Mode = SubmitFault.BeforeTheHub;
        Assert.Equal(0, await De.Sender.RunOnceAsync(CancellationToken.None));
        var keptEnvelope = (await De.Store.GetOutboxAsync(kept.LocalId))!.Envelope!;
        De.Faults.Mode = SubmitFault.None;

        Time.Advance(TimeSpan.FromMinutes(1));
        Hub.RenewKeys("FR", signing: false, encryption: true);
        var enrolled = await Hub.EnrollAsync("FR");
        Assert.True(enrolled.ExitCode == 0, enrolled.Output);
        await Fr.RestartAsync();
        var newKeyId = Fr.Credentials.Encryption.KeyId.ToArray();
        Assert.NotEqual(oldKeyId, newKeyId);

        Assert.Equal(1, await De.Sender.RunOnceAsync(CancellationToken.None));
        Assert.Equal(keptEnvelope, (await De.Store.GetOutboxAsync(kept.LocalId))!.Envelope);
        // 3. Sealed after the renewal from DE's cached directory, which still lists FR's old key.
        var cached = await De.EnqueueAsync("FR");
        Assert.Equal(1, await De.Sender.RunOnceAsync(CancellationToken.None));
        // 4. Sealed to the new key once DE's directory is refreshed.
        await De.Directory.RefreshAsync(CancellationToken.None);
        var renewed = await De.EnqueueAsync("FR");
        Assert.Equal(1, await De.Sender.RunOnceAsync(CancellationToken.None));
        EnqueuedMessage[] sent = [waiting, kept, cached, renewed];
        var sealedTo = await Task.WhenAll(sent.Select(async m => WrapKeyIdForFr((await De.Store.GetOutboxAsync(m.LocalId))!.Envelope!)));
        Assert.Equal([oldKeyId, oldKeyId, oldKeyId, newKeyId], sealedTo);

        Fr.StartSubscriber();
        await Eventually.TrueAsync(
            async () => Fr.Inbox().Count + (await Fr.Store.QuarantinedAsync()).Count == sent.Length, "FR handles all four deliveries");
        Assert.Empty((await Fr.Store.QuarantinedAsync()).Select(q => $"{q.Reason}: {q.Detail}"));
        Assert.Equal(sent.Select(m => m.MessageId), Fr.Inbox().Select(m => m.MessageId));
        De.StartSubscriber();
        await Eventually.TrueAsync(
            async () => (await Task.WhenAll(sent.Select(m => De.Store.GetOutboxAsync(m.LocalId)))).All(e => e!.Deliveries.Count == 1),
            "DE records FR's delivery receipt for all four");
        Assert.Equal(Hub.LastDeliveryCursor("FR"), await Fr.Store.GetCursorAsync());
    }

    /// <summary>The key id of FR's wrap in the header DE signed.</summary>
    private byte[] WrapKeyIdForFr(byte[] envelope) =>
        EnvelopeHeader.Parser.ParseFrom(Envelope.Parser.ParseFrom(envelope).Header).Recipients.Single(r => r.Party == Fr.Party).KeyId.ToByteArray();
}
