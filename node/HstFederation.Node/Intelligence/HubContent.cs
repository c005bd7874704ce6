using HstFederation.Protocol.V1;

namespace HstFederation.Node.Intelligence;

/// <summary>
/// The content types the hub itself sends (intelligence.proto): each an ordinary envelope signed by the hub
/// (urn:hst:hub:IPSG) and sealed to this NCB alone. Anything else from the hub, and these from anyone else,
/// is quarantined.
/// </summary>
internal static class HubContent
{
    public static readonly string HitNotificationType = HitNotification.Descriptor.FullName;

    public static readonly string AnalyticalProductType = AnalyticalProduct.Descriptor.FullName;

    public static bool IsHubContent(string contentType) => contentType == HitNotificationType || contentType == AnalyticalProductType;
}
