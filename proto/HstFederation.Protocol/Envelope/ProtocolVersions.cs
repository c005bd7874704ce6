using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

/// <summary>
/// The allow-list: each protocol version admits exactly the suites listed here. There is no
/// negotiation; an envelope naming anything else is refused, which is what stops downgrades.
/// </summary>
public static class ProtocolVersions
{
    public const uint Current = 1;

    public const string HstMessageContentType = "hst.v1.HstMessage";

    /// <summary>The hub's own products (intelligence.proto); only the hub may sign an envelope carrying one.</summary>
    public const string HitNotificationContentType = "hst.v1.HitNotification";

    /// <inheritdoc cref="HitNotificationContentType"/>
    public const string AnalyticalProductContentType = "hst.v1.AnalyticalProduct";

    /// <summary>The hub's request to a source to review a message's retention (lifecycle.proto).</summary>
    public const string RetentionReviewContentType = "hst.v1.RetentionReview";

    /// <summary>The hub's report to a source that a message expired before some recipient acknowledged it (lifecycle.proto).</summary>
    public const string ExpiryReportContentType = "hst.v1.ExpiryReport";

    /// <summary>The hub's withdrawal of some of its own messages to a member (intelligence.proto).</summary>
    public const string HubWithdrawalContentType = "hst.v1.HubWithdrawal";

    /// <summary>
    /// Whether a sender (the hub when <paramref name="senderIsHub"/>) may sign content of <paramref name="contentType"/> (docs/protocol.md §4): an
    /// HST message from anyone, the hub's products from the hub alone — a member cannot pass its own text off as the
    /// General Secretariat's hit notification.
    /// </summary>
    public static bool IsContentTypeAllowed(string contentType, bool senderIsHub) => contentType switch
    {
        HstMessageContentType => true,
        HitNotificationContentType or AnalyticalProductContentType or RetentionReviewContentType or ExpiryReportContentType
            or HubWithdrawalContentType => senderIsHub,
        _ => false,
    };

    public static bool IsSupported(uint version) => version == Current;

    public static bool IsAllowed(uint version, CipherSuite suite) =>
        version == Current && suite == CipherSuite.Ed25519X25519HkdfSha256Aes256Gcm;
}
