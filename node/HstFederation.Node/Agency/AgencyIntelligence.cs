using Google.Protobuf.WellKnownTypes;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Agency;

/// <summary>Hits and products as the agency API's messages.</summary>
internal static class AgencyIntelligence
{
    /// <param name="otherShown">
    /// False when the agency may not see the other message (IntelligenceBrowser): the notification is shown without it
    /// (no other_message, no factors; this NCB's own paths, values and scores stay), other_message_id is empty, and so are
    /// released_to and release_detail, which name the other source.
    /// </param>
    public static AgencyHit Hit(HitEntry hit, bool duplicate = false, bool otherShown = true)
    {
        var release = hit.Release;
        var notification = otherShown ? hit.Notification : WithoutOther(hit.Notification);
        return new AgencyHit
        {
            HitId = IntelligenceIds.Format(hit.HitId),
            Notification = notification,
            YourMessageId = MessageIds.Format(hit.YourMessageId),
            OtherMessageId = otherShown ? MessageIds.Format(hit.Notification.OtherMessage.MessageId.Span) : string.Empty,
            ReleaseState = State(release.State),
            ReleaseAt = release.AtMs is { } at ? At(at) : null,
            ReleaseActor = release.Actor ?? string.Empty,
            ReleasedTo = otherShown ? release.ReleasedTo ?? string.Empty : string.Empty,
            ReleaseReason = release.Reason ?? string.Empty,
            ReleaseDetail = otherShown ? release.Detail ?? string.Empty : string.Empty,
            Duplicate = duplicate,
        };
    }

    private static HitNotification WithoutOther(HitNotification notification)
    {
        var shown = notification.Clone();
        shown.OtherMessage = null;
        foreach (var match in shown.Matches)
        {
            match.Factors.Clear();
        }

        return shown;
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

    private static Timestamp? At(long unixMs) => StoredTime.Timestamp(unixMs);
}
