using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Intelligence;

/// <summary>
/// Checks what the hub sent this NCB once the envelope verified, decrypted and parsed strictly as its signed content
/// type (<see cref="OpenedContent.Parse{T}"/>): it must make sense for this node (a notification about one of its own
/// messages, a product built for it, ids of the right size, a network whose edges join its nodes). Anything else is
/// refused with a reason, and the subscriber quarantines it like any delivery that fails verification. The signature
/// says the hub sent it; these checks keep a hub bug or a confused hub from writing nonsense into the NCB's records.
/// </summary>
internal static class HubContentCheck
{
    private const int MaxMatches = 1000;
    private const int MaxSources = 100_000;
    private const int MaxUndelivered = 10_000;
    private const int MaxWithdrawn = 100_000;

    /// <summary>The checked notification, or the problem.</summary>
    public static (ReceivedHit? Hit, string? Problem) Hit(HitNotification hit, PartyId me)
    {
        var problem = hit switch
        {
            { HitId.Length: not IntelligenceIds.Size } => "hit_id is not 16 bytes",
            _ when !UnixTime.IsValid(hit.DetectedAtMs) => "detected_at_ms is not a time",
            { Basis: HitBasis.Unspecified } => "basis is unspecified",
            _ when !Enum.IsDefined(hit.Basis) => "basis is not a HitBasis",
            { YourMessage: null } or { OtherMessage: null } => "your_message or other_message is missing",
            _ when hit.YourMessage.Sender != me.Uri => $"your_message names {hit.YourMessage.Sender}'s message, not one of {me}'s",
            _ when !MessageIds.IsValid(hit.YourMessage.MessageId.Span) => "your_message.message_id is not a message id",
            _ when !PartyId.TryParse(hit.OtherMessage.Sender, out var other) || other.IsHub || other == me =>
                "other_message.sender is not another member",
            _ when !MessageIds.IsValid(hit.OtherMessage.MessageId.Span) => "other_message.message_id is not a message id",
            _ when !IsScore(hit.Score) => "score is not within 0..1",
            { Matches.Count: 0 or > MaxMatches } => $"a hit holds 1 to {MaxMatches} matched entities",
            _ when hit.Matches.Any(m => m.Kind == MatchKind.Unspecified || !Enum.IsDefined(m.Kind)) => "a matched entity has no kind",
            _ when hit.Matches.Any(m => !IsScore(m.Score)) => "a matched entity's score is not within 0..1",
            _ when hit.Matches.Any(m => m.Factors.Any(f => !IsContribution(f.Contribution))) =>
                "a factor's contribution is not within -1..1",
            _ => null,
        };
        return problem is null ? (new ReceivedHit(hit), null) : (null, "hit notification: " + problem);
    }

    /// <summary>The checked product, or the problem.</summary>
    public static (ReceivedProduct? Product, string? Problem) Product(AnalyticalProduct product, PartyId me)
    {
        var problem = product switch
        {
            { ProductId.Length: not IntelligenceIds.Size } => "product_id is not 16 bytes",
            _ when product.Recipient != me.Uri => $"it was built for {product.Recipient}, not {me}",
            _ when !UnixTime.IsValid(product.ProducedAtMs) => "produced_at_ms is not a time",
            _ when !UnixTime.IsValid(product.PeriodStartMs) || !UnixTime.IsValid(product.PeriodEndMs) => "period_start_ms or period_end_ms is not a time",
            _ when product.PeriodStartMs >= product.PeriodEndMs => "the period ends before it starts",
            { Sources.Count: > MaxSources } => $"more than {MaxSources} sources",
            _ when product.Sources.Any(s => !PartyId.TryParse(s.Sender, out _) || !MessageIds.IsValid(s.MessageId.Span)) =>
                "a source is not a message reference",
            { Kind: ProductKind.Corridor, ReportCase: AnalyticalProduct.ReportOneofCase.Corridor } => null,
            { Kind: ProductKind.Network, ReportCase: AnalyticalProduct.ReportOneofCase.Network } => NetworkProblem(product.Network),
            _ => "its kind and its report do not agree",
        };
        return problem is null ? (new ReceivedProduct(product), null) : (null, "analytical product: " + problem);
    }

    /// <summary>The shape of a retention review (lifecycle.proto); whether it is about this node's message is checked against the outbox.</summary>
    public static string? Review(RetentionReview review)
    {
        var problem = review switch
        {
            _ when !MessageIds.IsValid(review.MessageId.Span) => "message_id is not a message id",
            { HeaderSha256.Length: not 32 } => "header_sha256 is not 32 bytes",
            _ when !UnixTime.IsValid(review.RetainUntilMs) => "retain_until_ms is not a time",
            _ when !UnixTime.IsValid(review.RequestedAtMs) => "requested_at_ms is not a time",
            _ => null,
        };
        return problem is null ? null : "retention review: " + problem;
    }

    /// <summary>
    /// The shape of an expiry report (lifecycle.proto): at least one recipient, each a member once, with times; whether it
    /// is about this node's message is checked against the outbox, as for a review.
    /// </summary>
    public static string? ExpiryReport(ExpiryReport report)
    {
        var recipients = new HashSet<string>(StringComparer.Ordinal);
        var problem = report switch
        {
            _ when !MessageIds.IsValid(report.MessageId.Span) => "message_id is not a message id",
            { HeaderSha256.Length: not 32 } => "header_sha256 is not 32 bytes",
            _ when !MessageIds.IsValid(report.ExpiryOrderId.Span) => "expiry_order_id is not an order id",
            _ when !UnixTime.IsValid(report.RetainUntilMs) => "retain_until_ms is not a time",
            _ when !UnixTime.IsValid(report.ExpiredAtMs) => "expired_at_ms is not a time",
            { Undelivered.Count: 0 or > MaxUndelivered } => $"it names 1 to {MaxUndelivered} recipients",
            _ when report.Undelivered.Any(c => !PartyId.TryParse(c.Recipient, out var party) || party.IsHub || !recipients.Add(c.Recipient)) =>
                "a recipient is not a member, or is named twice",
            _ when report.Undelivered.Any(c => !UnixTime.IsValid(c.QueuedAtMs) || (c.FirstStreamedAtMs != 0 && !UnixTime.IsValid(c.FirstStreamedAtMs))) =>
                "a recipient's times are not times",
            _ => null,
        };
        return problem is null ? null : "expiry report: " + problem;
    }

    /// <summary>
    /// The shape of a hub withdrawal (intelligence.proto HubWithdrawal): at least one entry, each a hit notification or a
    /// product of the hub's, with its id, its number in the hub's count of messages to this node (each once), the hash of its
    /// signed header and a known cause; each numbered before the notice itself (<paramref name="ownNumber"/>, this node's
    /// Recipient.sequence in the notice's header): the hub withdraws only what it already numbered, so a number at or above
    /// the notice's own would let it mark as withdrawn, ahead of time, numbers it has not used. Whether this node holds what
    /// it names is for the store (<c>HubWithdrawals</c>).
    /// </summary>
    public static string? Withdrawal(HubWithdrawal withdrawal, ulong ownNumber)
    {
        var numbers = new HashSet<ulong>();
        var problem = withdrawal switch
        {
            { Withdrawn.Count: 0 or > MaxWithdrawn } => $"it names 1 to {MaxWithdrawn} messages",
            _ => withdrawal.Withdrawn.Select(w => WithdrawnProblem(w, numbers))
                .Concat(withdrawal.Withdrawn.Select(w => w.RecipientSequence >= ownNumber ? "a recipient_sequence is not before the notice's own" : null))
                .FirstOrDefault(p => p is not null),
        };
        return problem is null ? null : "hub withdrawal: " + problem;
    }

    private static string? WithdrawnProblem(WithdrawnHubMessage withdrawn, HashSet<ulong> numbers) => withdrawn switch
    {
        { MessageId.Length: not IntelligenceIds.Size } => "a message_id is not 16 bytes",
        { RecipientSequence: 0 or > long.MaxValue } => "a recipient_sequence is not within 1..2^63-1",
        _ when !numbers.Add(withdrawn.RecipientSequence) => "a recipient_sequence is named twice",
        { HeaderSha256.Length: not 32 } => "a header_sha256 is not 32 bytes",
        { ContentType: not (HubContent.HitNotificationType or HubContent.AnalyticalProductType) } =>
            "a content_type is not a hit notification or an analytical product",
        { Cause: WithdrawalCause.Unspecified } => "a cause is unspecified",
        _ when !Enum.IsDefined(withdrawn.Cause) => "a cause is not a WithdrawalCause",
        { BecauseOf: { } cause } when !PartyId.TryParse(cause.Sender, out _) || cause.MessageId.Length != IntelligenceIds.Size =>
            "a because_of is not a message reference",
        _ => null,
    };

    /// <summary>
    /// What the hub's matcher produces (docs/matching.md §3): a score clamped to 0..1. NaN passes every comparison as false,
    /// so it is named; it would print as "NaN", sort anywhere and reach agencies as a number no matcher gave.
    /// </summary>
    internal static bool IsScore(double score) => double.IsFinite(score) && score is >= 0 and <= 1;

    /// <summary>A factor's contribution as the matcher gives it (docs/matching.md §3: weights and clamping keep it in −1..1), finite.</summary>
    internal static bool IsContribution(double contribution) => double.IsFinite(contribution) && contribution is >= -1 and <= 1;

    /// <summary>Every node id once and not empty, every edge between two of them: what an export needs to be a graph.</summary>
    private static string? NetworkProblem(NetworkReport network)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (network.Nodes.Any(n => n.Id.Length == 0 || !ids.Add(n.Id)))
        {
            return "a network node id is empty or repeated";
        }

        return network.Edges.All(e => ids.Contains(e.From) && ids.Contains(e.To)) ? null : "a network edge names a node the report does not hold";
    }
}
