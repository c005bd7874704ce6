using Google.Protobuf;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Envelope;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Intelligence;

/// <summary>
/// What a confused or compromised hub (editing its own store) or a member could serve as the hub's intelligence, over
/// the real link: each is quarantined with its reason, recorded nowhere else, never acknowledged, and the stream moves on.
/// </summary>
public sealed class HubIntelligenceHostileTests : HubLinkTestBase
{
    [Fact]
    public async Task HitAboutAnotherMembersMessage_IsQuarantinedAsContentInvalid_AndTheNextProductIsStored()
    {
        var wrong = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        wrong.YourMessage.Sender = PartyId.Member("IT").Uri;
        var wrongSequence = await Hub.SendAsHubAsync("FR", wrong);
        await Hub.SendAsHubAsync("FR", HubProducts.Corridors("FR"));

        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM products;") == 1), "FR stores the product after the bad hit");

        var quarantined = Assert.Single(await Fr.Store.QuarantinedAsync());
        Assert.Equal(nameof(RejectionReason.ContentInvalid), quarantined.Reason);
        Assert.Contains("your_message names urn:hst:member:IT's message", quarantined.Detail, StringComparison.Ordinal);
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM hits;"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM inbox;"));
        Assert.Null(Assert.Single(Hub.AcknowledgedReceipts("FR", wrongSequence)));
    }

    [Fact]
    public async Task ContentTypeTheProtocolDoesNotKnow_SignedByTheHub_IsQuarantinedAsMalformedHeader()
    {
        var slot = await Hub.SendAsHubAsync("FR", HubProducts.Corridors("FR"));
        var forged = Forge(Hub.HubCredentials, "hst.v1.Briefing", HubProducts.Corridors("FR").ToByteArray(), Hub.Credentials("FR").Encryption, Hub.HubCredentials.Encryption);
        Hub.ReplaceEnvelope(slot, _ => forged);
        var next = HubProducts.Corridors("FR");
        await Hub.SendAsHubAsync("FR", next);

        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM products;") == 1), "FR stores the next product");

        var quarantined = Assert.Single(await Fr.Store.QuarantinedAsync());
        Assert.Equal(nameof(RejectionReason.MalformedHeader), quarantined.Reason);
        Assert.Contains("hst.v1.Briefing", quarantined.Detail, StringComparison.Ordinal);
        Assert.Equal(forged, quarantined.Envelope);
    }

    /// <summary>
    /// The hub's content has no step 23 to check the header's handling against: a retention date beyond what a Timestamp
    /// holds, converted as the inbox row is written, threw out of the delivery and stopped the subscription at it for good.
    /// </summary>
    [Fact]
    public async Task HitWhoseSignedHeaderHasARetainUntilNoDateHolds_IsQuarantinedAsMalformedHeader_AndTheNextProductIsStored()
    {
        var hit = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        var slot = await Hub.SendAsHubAsync("FR", hit);
        var forged = Forge(Hub.HubCredentials, HitNotification.Descriptor.FullName, hit.ToByteArray(), [Hub.Credentials("FR").Encryption, Hub.HubCredentials.Encryption],
            header => header.Handling.RetainUntil = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = long.MaxValue });
        Hub.ReplaceEnvelope(slot, _ => forged);
        await Hub.SendAsHubAsync("FR", HubProducts.Corridors("FR"));

        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM products;") == 1), "FR stores the product after the bad hit");

        var quarantined = Assert.Single(await Fr.Store.QuarantinedAsync());
        Assert.Equal(nameof(RejectionReason.MalformedHeader), quarantined.Reason);
        Assert.Contains("handling.retain_until", quarantined.Detail, StringComparison.Ordinal);
        Assert.Equal(forged, quarantined.Envelope);
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM hits;"));
        Assert.Null(Assert.Single(Hub.AcknowledgedReceipts("FR", slot)));
    }

    [Fact]
    public async Task HitNotification_SignedByAMember_IsQuarantined_OnlyTheHubMaySendOne()
    {
        var fromDe = await De.EnqueueAsync("FR");
        Assert.Equal(1, await De.Sender.RunOnceAsync(CancellationToken.None));
        var passedOff = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        Hub.ReplaceEnvelope(Hub.HubSequenceOf(De.Party, fromDe.MessageId),
            _ => Forge(Hub.Credentials("DE"), HitNotification.Descriptor.FullName, passedOff.ToByteArray(), Hub.Credentials("FR").Encryption));
        var next = await De.EnqueueAsync("FR");
        Assert.Equal(1, await De.Sender.RunOnceAsync(CancellationToken.None));

        Fr.StartSubscriber();
        await Eventually.TrueAsync(async () => await Fr.Store.GetReceivedAsync(De.Party, next.MessageId) is not null, "FR stores DE's next message");

        var quarantined = Assert.Single(await Fr.Store.QuarantinedAsync());
        Assert.Equal(nameof(RejectionReason.MalformedHeader), quarantined.Reason);
        Assert.Contains("not one urn:hst:member:DE may send", quarantined.Detail, StringComparison.Ordinal);
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM hits;"));
    }

    [Fact]
    public async Task SameHubEnvelopeDeliveredTwice_IsStoredOnce_AndAcknowledgedTwiceWithTheSameReceipt()
    {
        var notification = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        var hubSequence = await Hub.SendAsHubAsync("FR", notification);
        Hub.InsertDelivery("FR", hubSequence);

        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Hub.AcknowledgedReceipts("FR", hubSequence).All(r => r is not null)), "FR acknowledges both deliveries");

        var receipts = Hub.AcknowledgedReceipts("FR", hubSequence);
        Assert.Equal(2, receipts.Count);
        // The same receipt: one statement, with the time of the first reception; each acknowledgement signs it with the
        // batch it went in (docs/protocol.md §12.2), so the signatures need not be the same bytes.
        Assert.Equal(Protocol.V1.SignedStatement.Parser.ParseFrom(receipts[0]).Statement, Protocol.V1.SignedStatement.Parser.ParseFrom(receipts[1]).Statement);
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM inbox;"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM hits;"));
        Assert.Empty(await Fr.Store.QuarantinedAsync());
    }

    /// <summary>An envelope signed by <paramref name="signer"/> claiming <paramref name="contentType"/>, H3 to FR, readable by the hub.</summary>
    private static byte[] Forge(Protocol.Pki.PartyCredentials signer, string contentType, byte[] content, params Protocol.Pki.CertifiedKey[] recipients) =>
        Forge(signer, contentType, content, recipients, header: null);

    private static byte[] Forge(
        Protocol.Pki.PartyCredentials signer, string contentType, byte[] content, Protocol.Pki.CertifiedKey[] recipients, Action<EnvelopeHeader>? header)
    {
        var carrier = SampleMessages.Minimal(DateTimeOffset.UtcNow);
        carrier.Handling.Code = HandlingCode.H3;
        carrier.Handling.HubMayRead = recipients.Any(r => r.Party.IsHub);
        carrier.Handling.Addressees = new Addressees { Members = { "FR" } };
        return new EnvelopeForge(SystemRandomSource.Instance)
        {
            Message = carrier,
            Signer = signer,
            Recipients = recipients,
            CreatedAt = DateTimeOffset.UtcNow,
            MutatePlaintext = _ => content,
            MutateHeader = forged =>
            {
                forged.ContentType = contentType;
                header?.Invoke(forged);
            },
        }.Build();
    }
}
