using Google.Protobuf.WellKnownTypes;
using HstFederation.Node.Intelligence;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Agency;

/// <summary>Hits and products as the agency API's messages.</summary>
internal static class AgencyIntelligence
{
    public static AgencyHit Hit(HitEntry hit, bool duplicate = false)
    {
        var release = hit.Release;
        return new AgencyHit
        {
            HitId = IntelligenceIds.Format(hit.HitId),
            Notification = hit.Notification,
            YourMessageId = MessageIds.Format(hit.YourMessageId),
            OtherMessageId = MessageIds.Format(hit.Notification.OtherMessage.MessageId.Span),
            ReleaseState = State(release.State),
            ReleaseAt = release.AtMs is { } at ? At(at) : null,
            ReleaseActor = release.Actor ?? string.Empty,
            ReleasedTo = release.ReleasedTo ?? string.Empty,
            ReleaseReason = release.Reason ?? string.Empty,
            ReleaseDetail = release.Detail ?? string.Empty,
            Duplicate = duplicate,
        };
    }

    public static HitReleaseState State(ReleaseState state) => state switch
    {
        ReleaseState.Released => HitReleaseState.Released,
        ReleaseState.Refused => HitReleaseState.Refused,
        _ => HitReleaseState.NotReleased,
    };

    public static AgencyProductSummary Summary(ProductSummary product) => new()
    {
        ProductId = IntelligenceIds.Format(product.ProductId),
        Kind = product.Kind,
        ProducedAt = At(product.ProducedAtMs),
        PeriodStart = At(product.PeriodStartMs),
        PeriodEnd = At(product.PeriodEndMs),
        Sources = (uint)product.Sources,
        Description = product.Description,
        ReceivedAt = At(product.ReceivedAtMs),
    };

    private static Timestamp At(long unixMs) => Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(unixMs));
}
