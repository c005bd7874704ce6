using HstFederation.Protocol.Envelope;

namespace HstFederation.Node.Intelligence;

/// <summary>
/// The content types the hub itself sends (intelligence.proto, docs/intelligence.md §1): each an ordinary envelope
/// signed by the hub (urn:hst:hub:IPSG) and sealed to this NCB. The envelope layer admits them from the hub alone;
/// the node stores these two, the hub's retention reviews and its expiry reports (ProtocolVersions.RetentionReviewContentType,
/// ExpiryReportContentType, docs/lifecycle.md §5), and quarantines any other content type that is not an HST message.
/// </summary>
internal static class HubContent
{
    public const string HitNotificationType = ProtocolVersions.HitNotificationContentType;

    public const string AnalyticalProductType = ProtocolVersions.AnalyticalProductContentType;
}
