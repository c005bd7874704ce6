using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Intelligence;

/// <summary>A hit ready to store, with the notification built for each of its two sources.</summary>
internal sealed record FoundHit(NewHit Hit, IReadOnlyList<(PartyId Recipient, HitNotification Notification)> Notifications);
