using Google.Protobuf;
using HstFederation.Node.Intelligence;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Intelligence;

/// <summary>What the node refuses to record from the hub even when the hub signed it: each problem named.</summary>
public sealed class HubContentCheckTests
{
    private static readonly PartyId Fr = PartyId.Member("FR");

    public static TheoryData<string, Action<HitNotification>> BadHits => new()
    {
        { "hit_id is not 16 bytes", h => h.HitId = ByteString.CopyFrom(new byte[8]) },
        { "detected_at_ms", h => h.DetectedAtMs = 0 },
        { "detected_at_ms is not a time", h => h.DetectedAtMs = long.MaxValue },
        { "detected_at_ms is not a time", h => h.DetectedAtMs = 253_402_300_800_000 },
        { "basis is unspecified", h => h.Basis = HitBasis.Unspecified },
        { "basis is not a HitBasis", h => h.Basis = (HitBasis)77 },
        { "not one of urn:hst:member:FR's", h => h.YourMessage.Sender = "urn:hst:member:DE" },
        { "your_message.message_id", h => h.YourMessage.MessageId = ByteString.CopyFrom(new byte[16]) },
        { "other_message.sender is not another member", h => h.OtherMessage.Sender = "urn:hst:member:FR" },
        { "other_message.sender is not another member", h => h.OtherMessage.Sender = "urn:hst:hub:IPSG" },
        { "other_message.sender is not another member", h => h.OtherMessage.Sender = "FR" },
        { "other_message.message_id", h => h.OtherMessage.MessageId = ByteString.Empty },
        { "score", h => h.Score = 1.5 },
        { "score", h => h.Score = double.NaN },
        { "score is not within 0..1", h => h.Score = double.PositiveInfinity },
        { "a matched entity's score is not within 0..1", h => h.Matches[0].Score = double.NaN },
        { "a matched entity's score is not within 0..1", h => h.Matches[1].Score = double.NegativeInfinity },
        { "a matched entity's score is not within 0..1", h => h.Matches[1].Score = 1.01 },
        { "a factor's contribution is not within -1..1", h => h.Matches[0].Factors[1].Contribution = double.NaN },
        { "a factor's contribution is not within -1..1", h => h.Matches[0].Factors[0].Contribution = double.PositiveInfinity },
        { "a factor's contribution is not within -1..1", h => h.Matches[0].Factors[2].Contribution = -1.5 },
        { "1 to 1000 matched entities", h => h.Matches.Clear() },
        { "a matched entity has no kind", h => h.Matches[0].Kind = MatchKind.Unspecified },
        { "your_message or other_message is missing", h => h.OtherMessage = null },
    };

    [Theory]
    [MemberData(nameof(BadHits))]
    public void Hit_ThatMakesNoSenseForThisNode_IsRefusedWithTheProblem(string problem, Action<HitNotification> spoil)
    {
        var hit = HubProducts.Hit("FR", HubProducts.NewId(), "DE");
        spoil(hit);

        var (checkedHit, found) = HubContentCheck.Hit(hit, Fr);

        Assert.Null(checkedHit);
        Assert.Contains(problem, found, StringComparison.Ordinal);
    }

    [Fact]
    public void Hit_AboutThisNodesMessage_IsAccepted_WithItsKinds()
    {
        var (hit, problem) = HubContentCheck.Hit(HubProducts.Hit("FR", HubProducts.NewId(), "DE"), Fr);

        Assert.Null(problem);
        Assert.Equal([MatchKind.Person, MatchKind.Phone], hit!.Kinds);
    }

    public static TheoryData<string, Action<AnalyticalProduct>> BadProducts => new()
    {
        { "product_id is not 16 bytes", p => p.ProductId = ByteString.Empty },
        { "built for urn:hst:member:DE", p => p.Recipient = "urn:hst:member:DE" },
        { "produced_at_ms", p => p.ProducedAtMs = -1 },
        { "produced_at_ms is not a time", p => p.ProducedAtMs = long.MaxValue },
        { "period_start_ms or period_end_ms is not a time", p => p.PeriodStartMs = long.MinValue },
        { "period_start_ms or period_end_ms is not a time", p => p.PeriodEndMs = long.MaxValue },
        { "the period ends before it starts", p => p.PeriodEndMs = p.PeriodStartMs },
        { "a source is not a message reference", p => p.Sources[0].Sender = "nobody" },
        { "its kind and its report do not agree", p => p.Kind = ProductKind.Corridor },
        { "its kind and its report do not agree", p => p.ClearReport() },
        { "a network node id is empty or repeated", p => p.Network.Nodes[1].Id = "p1" },
        { "a network node id is empty or repeated", p => p.Network.Nodes[0].Id = string.Empty },
        { "a network edge names a node the report does not hold", p => p.Network.Edges[0].To = "o9" },
    };

    [Theory]
    [MemberData(nameof(BadProducts))]
    public void Product_ThatIsNotAGraphOrNotForThisNode_IsRefusedWithTheProblem(string problem, Action<AnalyticalProduct> spoil)
    {
        var product = HubProducts.Network("FR", "label");
        spoil(product);

        var (checkedProduct, found) = HubContentCheck.Product(product, Fr);

        Assert.Null(checkedProduct);
        Assert.Contains(problem, found, StringComparison.Ordinal);
    }

    /// <summary>Times past year 9999 passed the old "positive" check and then threw wherever the node shows the date (ledger, show, status).</summary>
    public static TheoryData<string, Action<RetentionReview>> BadReviews => new()
    {
        { "retain_until_ms is not a time", r => r.RetainUntilMs = 0 },
        { "retain_until_ms is not a time", r => r.RetainUntilMs = long.MaxValue },
        { "requested_at_ms is not a time", r => r.RequestedAtMs = 253_402_300_800_000 },
    };

    [Theory]
    [MemberData(nameof(BadReviews))]
    public void Review_WithATimeNoDateHolds_IsRefusedWithTheProblem(string problem, Action<RetentionReview> spoil)
    {
        var review = Review();
        Assert.Null(HubContentCheck.Review(review));
        spoil(review);

        Assert.Equal("retention review: " + problem, HubContentCheck.Review(review));
    }

    public static TheoryData<string, Action<ExpiryReport>> BadExpiryReports => new()
    {
        { "retain_until_ms is not a time", r => r.RetainUntilMs = long.MaxValue },
        { "expired_at_ms is not a time", r => r.ExpiredAtMs = long.MaxValue },
        { "a recipient's times are not times", r => r.Undelivered[0].QueuedAtMs = long.MaxValue },
        { "a recipient's times are not times", r => r.Undelivered[0].FirstStreamedAtMs = long.MaxValue },
        { "a recipient's times are not times", r => r.Undelivered[0].FirstStreamedAtMs = -1 },
    };

    [Theory]
    [MemberData(nameof(BadExpiryReports))]
    public void ExpiryReport_WithATimeNoDateHolds_IsRefusedWithTheProblem(string problem, Action<ExpiryReport> spoil)
    {
        var report = ExpiryReport();
        Assert.Null(HubContentCheck.ExpiryReport(report));
        spoil(report);

        Assert.Equal("expiry report: " + problem, HubContentCheck.ExpiryReport(report));
    }

    [Fact]
    public void ExpiryReport_OfACopyNeverStreamed_IsAccepted()
    {
        var report = ExpiryReport();
        report.Undelivered[0].FirstStreamedAtMs = 0;

        Assert.Null(HubContentCheck.ExpiryReport(report));
    }

    private static RetentionReview Review() => new()
    {
        MessageId = ByteString.CopyFrom(HubProducts.NewId()), HeaderSha256 = ByteString.CopyFrom(new byte[32]),
        RetainUntilMs = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeMilliseconds(), RequestedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Holders = 2,
    };

    private static ExpiryReport ExpiryReport() => new()
    {
        MessageId = ByteString.CopyFrom(HubProducts.NewId()), HeaderSha256 = ByteString.CopyFrom(new byte[32]),
        ExpiryOrderId = ByteString.CopyFrom(HubProducts.NewId()),
        RetainUntilMs = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds(), ExpiredAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        Undelivered =
        {
            new UndeliveredCopy
            {
                Recipient = "urn:hst:member:DE", QueuedAtMs = DateTimeOffset.UtcNow.AddDays(-40).ToUnixTimeMilliseconds(),
                FirstStreamedAtMs = DateTimeOffset.UtcNow.AddDays(-39).ToUnixTimeMilliseconds(),
            },
        },
    };

    public static TheoryData<string, Action<HubWithdrawal>> BadWithdrawals => new()
    {
        { "it names 1 to 100000 messages", w => w.Withdrawn.Clear() },
        { "a message_id is not 16 bytes", w => w.Withdrawn[0].MessageId = ByteString.CopyFrom(new byte[15]) },
        { "a recipient_sequence is not within 1..2^63-1", w => w.Withdrawn[0].RecipientSequence = 0 },
        { "a recipient_sequence is not within 1..2^63-1", w => w.Withdrawn[0].RecipientSequence = (ulong)long.MaxValue + 1 },
        { "a recipient_sequence is named twice", w => w.Withdrawn.Add(w.Withdrawn[0].Clone()) },
        { "a header_sha256 is not 32 bytes", w => w.Withdrawn[0].HeaderSha256 = ByteString.CopyFrom(new byte[31]) },
        { "a content_type is not a hit notification or an analytical product", w => w.Withdrawn[0].ContentType = "hst.v1.RetentionReview" },
        { "a cause is unspecified", w => w.Withdrawn[0].Cause = WithdrawalCause.Unspecified },
        { "a cause is not a WithdrawalCause", w => w.Withdrawn[0].Cause = (WithdrawalCause)9 },
        { "a because_of is not a message reference", w => w.Withdrawn[0].BecauseOf.Sender = "DE" },
    };

    [Theory]
    [MemberData(nameof(BadWithdrawals))]
    public void Withdrawal_WithAnEntryThatIsNotOneOfTheHubsMessages_IsRefusedWithTheProblem(string problem, Action<HubWithdrawal> spoil)
    {
        var withdrawal = Withdrawal();
        spoil(withdrawal);

        Assert.Equal("hub withdrawal: " + problem, HubContentCheck.Withdrawal(withdrawal, 100));
    }

    [Fact]
    public void Withdrawal_OfAHitAndAProduct_IsAccepted()
    {
        var withdrawal = Withdrawal();
        withdrawal.Withdrawn.Add(new WithdrawnHubMessage(withdrawal.Withdrawn[0])
        {
            RecipientSequence = 8, ContentType = "hst.v1.AnalyticalProduct", Cause = WithdrawalCause.Restricted, BecauseOf = null,
        });

        Assert.Null(HubContentCheck.Withdrawal(withdrawal, 100));
    }

    [Theory]
    [InlineData(7UL)]
    [InlineData(3UL)]
    [InlineData(0UL)]
    public void Withdrawal_NamingANumberAtOrAboveTheNoticesOwn_IsRefused(ulong ownNumber)
    {
        // The entry is number 7: a notice numbered 7 or lower (0: not numbered at all) cannot withdraw it.
        Assert.Equal("hub withdrawal: a recipient_sequence is not before the notice's own", HubContentCheck.Withdrawal(Withdrawal(), ownNumber));
        Assert.Null(HubContentCheck.Withdrawal(Withdrawal(), 8));
    }

    private static HubWithdrawal Withdrawal() => new()
    {
        Withdrawn =
        {
            new WithdrawnHubMessage
            {
                MessageId = ByteString.CopyFrom(HubProducts.NewId()), RecipientSequence = 7, HeaderSha256 = ByteString.CopyFrom(new byte[32]),
                ContentType = "hst.v1.HitNotification", Cause = WithdrawalCause.Recalled,
                BecauseOf = new MessageReference { Sender = "urn:hst:member:DE", MessageId = ByteString.CopyFrom(HubProducts.NewId()) },
            },
        },
    };

    [Theory]
    [InlineData("9c41e07a", "9c41e07a")]
    [InlineData(" 9C41E07A ", "9c41e07a")]
    [InlineData("0193a5c2-7d1e-7f00-8a2b-3c4d9c41e07a", "0193a5c27d1e7f008a2b3c4d9c41e07a")]
    [InlineData("9c41e07", null)]
    [InlineData("9c41e07g", null)]
    [InlineData("0193a5c27d1e7f008a2b3c4d9c41e07a00", null)]
    [InlineData("", null)]
    public void Selector_IsTheEndOfAnIdInLowerCaseHex(string typed, string? selector) =>
        Assert.Equal(selector, IntelligenceIds.Selector(typed));
}
