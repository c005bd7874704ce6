using Google.Protobuf;
using Grpc.Core;
using HstFederation.Node.HubLink;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Crypto;
using HstFederation.Testing.Envelope;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// Deliveries a compromised hub (editing its own store) or a compromised sender key could serve over the real link:
/// each is quarantined with its reason, never stored as a valid message, and the stream moves on to the next one.
/// </summary>
public sealed class HubLinkHostileDeliveryTests : HubLinkTestBase
{
    [Fact]
    public async Task Delivery_EnvelopeTamperedInTheHub_IsQuarantinedAsContentHashMismatch_NotStored_AndTheStreamMovesOn()
    {
        var tampered = await Fr.EnqueueAsync("DE");
        var next = await Fr.EnqueueAsync("DE");
        Assert.Equal(2, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        byte[] served = [];
        Hub.ReplaceEnvelope(Hub.HubSequenceOf(Fr.Party, tampered.MessageId), envelope =>
        {
            // The last byte is the ciphertext's (no forwards): the signed ciphertext digest no longer matches.
            served = [.. envelope];
            served[^1] ^= 0x01;
            return served;
        });

        De.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(Fr.Party, next.MessageId) is not null, "DE stores the message after the tampered one");

        var quarantined = Assert.Single(await De.Store.QuarantinedAsync());
        Assert.Equal(nameof(RejectionReason.ContentHashMismatch), quarantined.Reason);
        Assert.False(string.IsNullOrEmpty(quarantined.Detail));
        Assert.Equal(served, quarantined.Envelope);
        Assert.Null(await De.Store.GetReceivedAsync(Fr.Party, tampered.MessageId));
        Assert.Equal(next.MessageId, Assert.Single(De.Inbox()).MessageId);

        // What never reached the inbox is a hole in FR's count of messages to DE, and the operator is told.
        var alarm = Assert.Single(await De.Store.AlarmsAsync());
        Assert.Equal((SequenceAlarm.Gap, 1L, 2L), (alarm.Kind, alarm.Expected, alarm.Received));
    }

    [Fact]
    public async Task Delivery_OfAMessageForItToDe_IsQuarantinedAsNotARecipient_NotStored_AndTheStreamMovesOn()
    {
        var forIt = await Fr.EnqueueAsync("IT");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        var misrouted = Hub.InsertDelivery("DE", Hub.HubSequenceOf(Fr.Party, forIt.MessageId));
        var next = await Fr.EnqueueAsync("DE");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        De.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(Fr.Party, next.MessageId) is not null, "DE stores the message after the misrouted one");

        var quarantined = Assert.Single(await De.Store.QuarantinedAsync());
        Assert.Equal(nameof(RejectionReason.NotARecipient), quarantined.Reason);
        Assert.Contains(De.Party, quarantined.Detail, StringComparison.Ordinal);
        Assert.Equal((await Fr.Store.GetOutboxAsync(forIt.LocalId))!.Envelope, quarantined.Envelope);
        Assert.Null(await De.Store.GetReceivedAsync(Fr.Party, forIt.MessageId));
        Assert.Equal(next.MessageId, Assert.Single(De.Inbox()).MessageId);
        await Eventually.TrueAsync(async () => await De.Store.GetCursorAsync() > misrouted, "DE's cursor moves past the misrouted delivery");
    }

    /// <summary>
    /// THREATS row 10: a hub that may read a message widens its audience with a forward record of its own, signed with its
    /// real key and wrapping the content key for DE, although the handling (H3) lets nobody forward it. DE holds a wrap it
    /// could open, so only the forward's check against the signed handling stands between it and the content.
    /// </summary>
    [Fact]
    public async Task Delivery_ForwardedToDeByTheHubAgainstTheHandling_IsQuarantinedAsForwardNotPermitted_NotStored_AndTheStreamMovesOn()
    {
        var restricted = await EnqueueReadableByTheHubAsync(HandlingCode.H3, "IT");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        var hubSequence = Hub.HubSequenceOf(Fr.Party, restricted.MessageId);
        var atHub = new EnvelopeOpener(new EnvelopeVerifier(Hub.Trust, HandlingPolicy.WithoutRegions))
            .Open(Hub.StoredEnvelope(hubSequence), Hub.HubCredentials).GetValueOrThrow();
        var widened = ForwardForge.Append(atHub, Hub.HubCredentials, [De.Credentials.Encryption], TimeProvider.System.GetUtcNow(), SystemRandomSource.Instance);
        Hub.ReplaceEnvelope(hubSequence, _ => widened);
        var forwarded = Hub.InsertDelivery("DE", hubSequence);
        var next = await Fr.EnqueueAsync("DE");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        De.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(Fr.Party, next.MessageId) is not null, "DE stores the message after the forwarded one");

        Assert.Null(await De.Store.GetReceivedAsync(Fr.Party, restricted.MessageId));
        var quarantined = Assert.Single(await De.Store.QuarantinedAsync());
        Assert.Equal(nameof(RejectionReason.ForwardNotPermitted), quarantined.Reason);
        Assert.Equal(widened, quarantined.Envelope);
        Assert.Equal(next.MessageId, Assert.Single(De.Inbox()).MessageId);
        await Eventually.TrueAsync(async () => await De.Store.GetCursorAsync() > forwarded, "DE's cursor moves past the forwarded delivery");
    }

    /// <summary>THREATS row 13: a replay is recognised as a repeat, not quarantined: stored once, and the same receipt is returned.</summary>
    [Fact]
    public async Task Delivery_SameEnvelopeAgainAtANewCursor_IsStoredOnce_AndAcknowledgedWithTheSameReceipt()
    {
        var original = await Fr.EnqueueAsync("DE");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        var hubSequence = Hub.HubSequenceOf(Fr.Party, original.MessageId);
        De.StartSubscriber();
        Fr.StartSubscriber();
        await Eventually.TrueAsync(
            async () => (await Fr.Store.GetOutboxAsync(original.LocalId))!.Deliveries.Count == 1, "FR records DE's delivery receipt");

        var replayed = Hub.InsertDelivery("DE", hubSequence);
        var next = await Fr.EnqueueAsync("DE");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(Fr.Party, next.MessageId) is not null, "DE stores the message after the replay");
        await Eventually.TrueAsync(() => Task.FromResult(Hub.AcknowledgedReceipts("DE", hubSequence).All(r => r is not null)), "DE acknowledges the replay");
        await Eventually.TrueAsync(async () => await De.Store.GetCursorAsync() > replayed, "DE's cursor moves past the replay");

        Assert.Equal([original.MessageId, next.MessageId], De.Inbox().Select(m => m.MessageId));
        Assert.Empty(await De.Store.QuarantinedAsync());
        Assert.Empty(await De.Store.AlarmsAsync());
        var receipts = Hub.AcknowledgedReceipts("DE", hubSequence);
        Assert.Equal(2, receipts.Count);
        // The same receipt: one statement, with the time of the first reception; each acknowledgement signs it with the
        // batch it went in (docs/protocol.md §12.2), so the signatures need not be the same bytes.
        Assert.Equal(Protocol.V1.SignedStatement.Parser.ParseFrom(receipts[0]).Statement, Protocol.V1.SignedStatement.Parser.ParseFrom(receipts[1]).Statement);
        Assert.Equal(receipts[0], Assert.Single((await Fr.Store.GetOutboxAsync(original.LocalId))!.Deliveries).Receipt);
    }

    /// <summary>docs/protocol.md §4: two different signed headers under one (sender, message id) are a conflict, not two messages.</summary>
    [Fact]
    public async Task Delivery_AnotherSignedEnvelopeUnderAStoredMessageId_IsQuarantinedAsReplay_NeitherStoredNorAcknowledged()
    {
        var now = Hub.Time.GetUtcNow();
        var deKeys = await Fr.Directory.RecipientKeysAsync(["DE"], CancellationToken.None);
        EnvelopeForge Forge(string summary)
        {
            var message = ToDe(SampleMessages.Realistic(now));
            message.Case.Summary = summary;

            // The same seed draws the same message id (and keys): two envelopes FR's key signed under one id.
            return new EnvelopeForge(new DeterministicRandomSource("equivocation"))
            {
                Message = message, Signer = Hub.Credentials("FR"), Recipients = deKeys, CreatedAt = now, Sequence = 1,
            };
        }

        var firstForge = Forge("what DE stores");
        var first = firstForge.Build();
        var secondForge = Forge("a different story under the same id");
        var second = secondForge.Build();
        var messageId = firstForge.Trace.MessageId;
        Assert.Equal(messageId, secondForge.Trace.MessageId);
        Assert.NotEqual(first, second);
        using (var connection = new HubConnection(Hub.Address, Hub.TlsCertificate("FR"), Hub.Trust))
        {
            Assert.False((await connection.Client.SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(first) })).Duplicate);
        }

        var hubSequence = Hub.HubSequenceOf(Fr.Party, messageId);
        De.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(Fr.Party, messageId) is not null, "DE stores the first envelope");
        await Eventually.TrueAsync(() => Task.FromResult(Hub.AcknowledgedReceipts("DE", hubSequence).Single() is not null), "DE acknowledges it");

        Hub.ReplaceEnvelope(hubSequence, _ => second);
        Hub.InsertDelivery("DE", hubSequence);
        var fromIt = await SendFromItToDeAsync();
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(fromIt.Party, fromIt.MessageId) is not null, "DE stores IT's later message");

        var quarantined = Assert.Single(await De.Store.QuarantinedAsync());
        Assert.Equal(nameof(RejectionReason.Replay), quarantined.Reason);
        Assert.Equal(second, quarantined.Envelope);
        Assert.Equal(first, (await De.Store.GetReceivedAsync(Fr.Party, messageId))!.Message.Envelope);
        Assert.Equal([messageId, fromIt.MessageId], De.Inbox().Select(m => m.MessageId));
        Assert.Null(Hub.AcknowledgedReceipts("DE", hubSequence)[1]);
    }

    /// <summary>
    /// THREATS rows 3 and 23: FR's certificates are revoked (key compromise) and the nodes' CRL refreshed before DE
    /// verifies; the hub has not refreshed yet and delivers both. What FR signed before the revocation stays valid.
    /// </summary>
    [Fact]
    public async Task Delivery_SignedByASenderAfterItsRevocation_IsQuarantinedAsSenderCertificateRevoked_WhatItSignedBeforeIsStored()
    {
        var now = Hub.Time.GetUtcNow();
        var deKeys = await Fr.Directory.RecipientKeysAsync(["DE"], CancellationToken.None);
        var fr = Hub.Credentials("FR");
        var random = SystemRandomSource.Instance;
        var before = new EnvelopeForge(random) { Message = ToDe(SampleMessages.Realistic(now)), Signer = fr, Recipients = deKeys, CreatedAt = now.AddMinutes(-4), Sequence = 1 };
        var after = new EnvelopeForge(random) { Message = ToDe(SampleMessages.Realistic(now)), Signer = fr, Recipients = deKeys, CreatedAt = now, Sequence = 2 };
        var signedBefore = before.Build();
        var signedAfter = after.Build();
        using (var connection = new HubConnection(Hub.Address, Hub.TlsCertificate("FR"), Hub.Trust))
        {
            await connection.Client.SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(signedBefore) });
            await connection.Client.SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(signedAfter) });
        }

        Hub.RevokeForTheNodes("FR", now.AddMinutes(-2));
        var fromIt = await SendFromItToDeAsync();
        De.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(fromIt.Party, fromIt.MessageId) is not null, "DE stores IT's later message");

        var quarantined = Assert.Single(await De.Store.QuarantinedAsync());
        Assert.Equal(nameof(RejectionReason.SenderCertificateRevoked), quarantined.Reason);
        Assert.Equal(signedAfter, quarantined.Envelope);
        Assert.Null(await De.Store.GetReceivedAsync(Fr.Party, after.Trace.MessageId));
        Assert.Equal([before.Trace.MessageId, fromIt.MessageId], De.Inbox().Select(m => m.MessageId));
    }

    /// <summary>A sender's signed number for DE beyond what the inbox counts in must not stop DE's subscriber.</summary>
    [Fact]
    public async Task Delivery_NumberingDeBeyondTheInboxsRange_IsQuarantinedAsMalformedHeader_AndTheStreamMovesOn()
    {
        var now = Hub.Time.GetUtcNow();
        var forge = new EnvelopeForge(SystemRandomSource.Instance)
        {
            Message = ToDe(SampleMessages.Realistic(now)), Signer = Hub.Credentials("FR"),
            Recipients = await Fr.Directory.RecipientKeysAsync(["DE"], CancellationToken.None), CreatedAt = now, Sequence = 1,
            MutateHeader = header => header.Recipients[0].Sequence = ulong.MaxValue,
        };
        var forged = forge.Build();
        using (var connection = new HubConnection(Hub.Address, Hub.TlsCertificate("FR"), Hub.Trust))
        {
            await connection.Client.SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(forged) });
        }

        var fromIt = await SendFromItToDeAsync();
        De.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(fromIt.Party, fromIt.MessageId) is not null, "DE stores IT's later message");

        var quarantined = Assert.Single(await De.Store.QuarantinedAsync());
        Assert.Equal(nameof(RejectionReason.MalformedHeader), quarantined.Reason);
        Assert.Equal(forged, quarantined.Envelope);
        Assert.Equal([fromIt.MessageId], De.Inbox().Select(m => m.MessageId));
    }

    /// <summary>
    /// THREATS rows 16 and 30: a member (FR here, with its own sealing code, which skips the sealer's content bound) sends
    /// DE content over 3 MiB, which a Delivery of it would carry past gRPC's default 4 MiB read limit. The hub refuses it
    /// at intake (protocol.md §8 step 4), so it never reaches DE's stream, and DE's inbox goes on. (The node's channel also
    /// reads every message the hub may send, its envelope limit + 4 KiB: <see cref="Protocol.Transport.HubMessageLimits"/>.)
    /// </summary>
    [Fact]
    public async Task Submit_OfContentOverTheLimit_IsRefusedByTheHub_AndDEsInboxGoesOn()
    {
        var now = Hub.Time.GetUtcNow();
        var deKeys = await Fr.Directory.RecipientKeysAsync(["DE"], CancellationToken.None);
        var limit = Protocol.Envelope.EnvelopeLimits.Default.MaxContentBytes;
        var over = new EnvelopeForge(SystemRandomSource.Instance)
        {
            Message = ToDe(SampleMessages.Realistic(now)), Signer = Hub.Credentials("FR"), Recipients = deKeys, CreatedAt = now, Sequence = 1,
            MutatePlaintext = plaintext => [.. plaintext, .. new byte[limit + 1 - plaintext.Length]],
        }.Build();
        Assert.True(over.Length > 4 * 1024 * 1024 - 1024 * 1024 && over.Length < Protocol.Envelope.EnvelopeLimits.Default.MaxEnvelopeBytes);

        RpcException refused;
        using (var connection = new HubConnection(Hub.Address, Hub.TlsCertificate("FR"), Hub.Trust))
        {
            refused = await Assert.ThrowsAsync<RpcException>(() => connection.Client.SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(over) }).ResponseAsync);
        }

        var fromIt = await SendFromItToDeAsync();
        De.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(fromIt.Party, fromIt.MessageId) is not null, "DE stores IT's later message");

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal(RejectionReason.SizeLimitExceeded, HubRejections.Read(refused)!.Reason);
        Assert.Empty(await De.Store.QuarantinedAsync());
        Assert.Equal([fromIt.MessageId], De.Inbox().Select(m => m.MessageId));
    }

    private static HstMessage ToDe(HstMessage message)
    {
        message.Handling.Code = HandlingCode.H1;
        message.Handling.Addressees = new Addressees { Members = { "DE" } };
        message.Handling.HubMayRead = false;
        return message;
    }

    private async Task<(string Party, byte[] MessageId)> SendFromItToDeAsync()
    {
        await using var it = CreateNode("IT");
        var queued = await it.EnqueueAsync("DE");
        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));
        return (it.Party, queued.MessageId);
    }

    /// <summary>Queues at FR a realistic message with handling <paramref name="code"/> for <paramref name="to"/>, sealed for the hub too.</summary>
    private async Task<EnqueuedMessage> EnqueueReadableByTheHubAsync(HandlingCode code, string to)
    {
        var now = TimeProvider.System.GetUtcNow();
        var message = SampleMessages.Realistic(now);
        message.Handling.Code = code;
        message.Handling.Addressees = new Addressees { Members = { to } };
        message.Handling.HubMayRead = true;
        return await Fr.Store.EnqueueAsync(new OutboxItem(
            MessageIds.NewId(now, SystemRandomSource.Instance), "operator:test", message.ToByteArray(), [PartyId.Member(to).Uri]));
    }
}
