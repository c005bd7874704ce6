using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Intelligence;

/// <summary>
/// A hit ready to store, with the notification built for each of its two sources and, for each, the hub sequence of
/// the other message (the one whose source's exclusions decide whether that recipient may be told).
/// </summary>
internal sealed record FoundHit(NewHit Hit, IReadOnlyList<(PartyId Recipient, long Other, HitNotification Notification)> Notifications);
