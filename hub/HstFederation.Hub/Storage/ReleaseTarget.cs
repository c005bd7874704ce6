using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>
/// A hit as a caller of Hub.Release sees it: whether the caller was notified of it, the caller's own message in it
/// (null when the caller is the source of neither), the other source, and whether that message was already
/// forwarded to the other source.
/// </summary>
internal sealed record ReleaseTarget(bool NotifiedToCaller, StoredMessage? Mine, PartyId OtherSource, bool AlreadyReleased);
