using Google.Protobuf;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.Tests.Envelope;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Tests.Lifecycle;

/// <summary>Lifecycle orders, confirmations and lineages (docs/lifecycle.md): signed, bound, shaped.</summary>
public sealed class LifecycleProtocolTests
{
    private readonly EnvelopeWorld _world = EnvelopeWorld.Create("FR", "DE", "IT", "ES");

    private LifecycleOrder Order(string source = "FR", string? issuer = null, Action<LifecycleOrder>? edit = null)
    {
        var order = new LifecycleOrder
        {
            Version = LifecycleOrders.CurrentVersion,
            OrderId = ByteString.CopyFrom(MessageIds.NewId(_world.Time.GetUtcNow(), Protocol.Crypto.SystemRandomSource.Instance)),
            MessageId = ByteString.CopyFrom(MessageIds.NewId(_world.Time.GetUtcNow(), Protocol.Crypto.SystemRandomSource.Instance)),
            Source = PartyId.Member(source).Uri,
            HeaderSha256 = ByteString.CopyFrom(new byte[32]),
            Issuer = issuer ?? PartyId.Member(source).Uri,
            IssuedAtMs = _world.Time.GetUtcNow().ToUnixTimeMilliseconds(),
            Recall = new RecallOrder { Reason = RecallReason.Inaccurate, Note = "wrong person" },
        };
        edit?.Invoke(order);
        return order;
    }

    [Fact]
    public void A_recall_signed_by_its_source_verifies()
    {
        var signed = LifecycleOrders.Sign(Order(), _world.Party("FR"));

        var verified = LifecycleOrders.Verify(signed, _world.Pki.Trust);

        Assert.True(verified.IsSuccess, verified.Rejection?.ToString());
        Assert.Equal("recall", LifecycleOrders.ActionName(verified.Value!.Statement));
        Assert.True(LifecycleOrders.PurgesEveryCopy(verified.Value.Statement));
    }

    [Fact]
    public void An_order_signed_by_another_member_than_its_issuer_is_refused()
    {
        // DE signs an order that claims FR issued it: the signature is DE's own, valid, but not the issuer's.
        var signed = LifecycleOrders.Sign(Order(), _world.Party("DE"));

        var verified = LifecycleOrders.Verify(signed, _world.Pki.Trust);

        Assert.Equal(RejectionReason.LifecycleOrderInvalid, verified.Reason);
        Assert.Contains("issuer", verified.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_order_is_refused()
    {
        var signed = LifecycleOrders.Sign(Order(), _world.Party("FR"));
        var bytes = signed.Statement.ToByteArray();
        bytes[^1] ^= 1;
        signed.Statement = ByteString.CopyFrom(bytes);

        Assert.Equal(RejectionReason.LifecycleOrderInvalid, LifecycleOrders.Verify(signed, _world.Pki.Trust).Reason);
    }

    [Fact]
    public void Only_the_hub_issues_an_expiry_and_only_the_source_anything_else()
    {
        var expiryBySource = Order(edit: o => o.Expiry = new RetentionExpiry { RetainUntilMs = o.IssuedAtMs });
        var expiryByHub = Order(issuer: PartyId.Hub.Uri, edit: o => o.Expiry = new RetentionExpiry { RetainUntilMs = o.IssuedAtMs });
        var recallByHub = Order(issuer: PartyId.Hub.Uri);

        Assert.Equal("an expiry is issued by the hub", LifecycleOrders.CheckShape(expiryBySource));
        Assert.Null(LifecycleOrders.CheckShape(expiryByHub));
        Assert.True(LifecycleOrders.Verify(LifecycleOrders.Sign(expiryByHub, _world.Party(PartyId.HubCode)), _world.Pki.Trust).IsSuccess);
        Assert.Equal("a recall is issued by the message's source", LifecycleOrders.CheckShape(recallByHub));
    }

    [Theory]
    [InlineData("no-reason")]
    [InlineData("long-note")]
    [InlineData("empty-restriction")]
    [InlineData("bad-country")]
    [InlineData("twice")]
    [InlineData("no-justification")]
    [InlineData("extension-in-past")]
    [InlineData("extension-too-far")]
    [InlineData("no-action")]
    [InlineData("short-id")]
    public void Malformed_orders_name_what_is_wrong(string kind)
    {
        var order = Order(edit: o =>
        {
            switch (kind)
            {
                case "no-reason": o.Recall.Reason = RecallReason.Unspecified; break;
                case "long-note": o.Recall.Note = new string('x', LifecycleRules.MaxNoteLength + 1); break;
                case "empty-restriction": o.Restriction = new RestrictionOrder(); break;
                case "bad-country": o.Restriction = new RestrictionOrder { ExcludeMembers = { "XX" } }; break;
                case "twice": o.Restriction = new RestrictionOrder { ExcludeMembers = { "DE", "DE" } }; break;
                case "no-justification": o.Extension = new RetentionExtension { RetainUntilMs = o.IssuedAtMs + 1000, Justification = " " }; break;
                case "extension-in-past": o.Extension = new RetentionExtension { RetainUntilMs = o.IssuedAtMs - 1, Justification = "ongoing trial" }; break;
                case "extension-too-far": o.Extension = new RetentionExtension { RetainUntilMs = o.IssuedAtMs + TimeSpan.FromDays(366 * 31).Ticks / TimeSpan.TicksPerMillisecond, Justification = "x" }; break;
                case "no-action": o.ClearAction(); break;
                case "short-id": o.OrderId = ByteString.CopyFrom(new byte[8]); break;
            }
        });

        Assert.NotNull(LifecycleOrders.CheckShape(order));
        var expected = kind is "extension-in-past" or "extension-too-far" ? RejectionReason.RetentionInvalid : RejectionReason.LifecycleOrderInvalid;
        Assert.Equal(expected, LifecycleOrders.Verify(LifecycleOrders.Sign(order, _world.Party("FR")), _world.Pki.Trust).Reason);
    }

    [Fact]
    public void A_confirmation_verifies_only_for_its_holder_and_its_order()
    {
        var order = LifecycleOrders.Sign(Order(), _world.Party("FR"));
        var parsed = LifecycleOrder.Parser.ParseFrom(order.Statement);
        var other = LifecycleOrders.Sign(Order(), _world.Party("FR"));
        var confirmation = LifecycleConfirmations.Confirm(order, parsed, LifecycleOutcome.Purged, _world.Party("DE"), _world.Time.GetUtcNow());

        var ok = LifecycleConfirmations.Verify(confirmation, order, PartyId.Member("DE"), _world.Pki.Trust);
        Assert.True(ok.IsSuccess, ok.Rejection?.ToString());
        Assert.Equal(LifecycleOutcome.Purged, ok.Value!.Statement.Outcome);

        Assert.Equal(RejectionReason.ConfirmationInvalid, LifecycleConfirmations.Verify(confirmation, order, PartyId.Member("IT"), _world.Pki.Trust).Reason);
        Assert.Equal(RejectionReason.ConfirmationInvalid, LifecycleConfirmations.Verify(confirmation, other, PartyId.Member("DE"), _world.Pki.Trust).Reason);
        Assert.Equal(RejectionReason.ConfirmationInvalid, LifecycleConfirmations.Verify(null, order, PartyId.Member("DE"), _world.Pki.Trust).Reason);
    }

    [Theory]
    [InlineData(HandlingCode.H0, HandlingCode.H1, true)]
    [InlineData(HandlingCode.H1, HandlingCode.H1, true)]
    [InlineData(HandlingCode.H2, HandlingCode.H3, true)]
    [InlineData(HandlingCode.H2, HandlingCode.H1, false)]
    [InlineData(HandlingCode.H3, HandlingCode.H0, false)]
    [InlineData(HandlingCode.H1, HandlingCode.Unspecified, false)]
    public void A_restriction_may_only_tighten(HandlingCode current, HandlingCode proposed, bool allowed) =>
        Assert.Equal(allowed, LifecycleRules.IsAtLeastAsStrict(current, proposed));

    [Fact]
    public void After_a_restriction_excluded_members_and_forwarded_copies_the_code_no_longer_permits_may_not_keep_theirs()
    {
        var handling = _world.Message(["DE", "IT", PartyId.HubCode], HandlingCode.H2).Handling;
        var restricted = LifecycleRules.Apply(handling, new RestrictionOrder { Code = HandlingCode.H3, ExcludeMembers = { "IT" } });

        Assert.Equal(HandlingCode.H3, restricted.Code);
        Assert.Contains("IT", restricted.Addressees.ExcludedMembers);
        Assert.Equal(HandlingCode.H2, handling.Code); // the original is not changed

        Assert.True(LifecycleRules.MayKeep(restricted, PartyId.Member("DE"), forwardedCopy: false, _world.Policy));
        Assert.False(LifecycleRules.MayKeep(restricted, PartyId.Member("IT"), forwardedCopy: false, _world.Policy));
        // ES was given a forwarded copy under H2 consent; H3 permits no forward at all.
        Assert.True(LifecycleRules.MayKeep(handling, PartyId.Member("ES"), forwardedCopy: true, _world.Policy));
        Assert.False(LifecycleRules.MayKeep(restricted, PartyId.Member("ES"), forwardedCopy: true, _world.Policy));
    }

    [Fact]
    public void An_update_carries_its_lineage_in_the_signed_header()
    {
        var first = _world.Seal("FR", "DE", "IT");
        var lineage = new Lineage
        {
            SupersedesMessageId = first.Header.MessageId,
            SupersedesHeaderSha256 = ByteString.CopyFrom(first.HeaderSha256.Span),
            Version = 2,
            Reason = "date of birth corrected",
        };
        var update = _world.Sealer.Seal(_world.Message(["DE", "IT"]), _world.Party("FR"), _world.Keys("DE", "IT"), new SealOptions { Sequence = 2, Lineage = lineage });

        var opened = _world.Open(update.Bytes, "DE");

        Assert.True(opened.IsSuccess, opened.Rejection?.ToString());
        Assert.Equal(lineage, opened.Value!.Verified.Header.Lineage);
    }

    [Theory]
    [InlineData("version-1")]
    [InlineData("self")]
    [InlineData("no-reason")]
    [InlineData("short-hash")]
    public void A_malformed_lineage_is_refused_as_a_malformed_header(string kind)
    {
        var first = _world.Seal("FR", "DE");
        var lineage = new Lineage
        {
            SupersedesMessageId = first.Header.MessageId,
            SupersedesHeaderSha256 = ByteString.CopyFrom(first.HeaderSha256.Span),
            Version = kind == "version-1" ? 1u : 2u,
            Reason = kind == "no-reason" ? string.Empty : "corrected",
        };
        if (kind == "short-hash")
        {
            lineage.SupersedesHeaderSha256 = ByteString.CopyFrom(new byte[4]);
        }

        var id = MessageIds.NewId(_world.Time.GetUtcNow(), Protocol.Crypto.SystemRandomSource.Instance);
        if (kind == "self")
        {
            lineage.SupersedesMessageId = ByteString.CopyFrom(id);
        }

        var update = _world.Sealer.Seal(_world.Message(["DE"]), _world.Party("FR"), _world.Keys("DE"), new SealOptions { Sequence = 2, Lineage = lineage, MessageId = id });

        Assert.Equal(RejectionReason.MalformedHeader, _world.Open(update.Bytes, "DE").Reason);
    }
}
