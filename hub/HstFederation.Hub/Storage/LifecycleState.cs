using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>
/// One message as its lifecycle stands (<c>message_lifecycle</c> with the message's identity): the version chain, the
/// effective handling after restrictions, the effective retention date, and whether it was withdrawn and purged.
/// </summary>
internal sealed record LifecycleState(
    long HubSequence,
    PartyId Sender,
    byte[] MessageId,
    byte[] HeaderSha256,
    int Version,
    long? Supersedes,
    long? SupersededBy,
    Handling Handling,
    long RetainUntilMs,
    MessageState State,
    long? PurgedAtMs)
{
    /// <summary>Recalled or expired: nothing more can be done with it.</summary>
    public bool IsWithdrawn => State != MessageState.Active;

    /// <summary>Active and not superseded: the version that is matched, used in products and may be updated.</summary>
    public bool IsCurrent => State == MessageState.Active && SupersededBy is null;
}
