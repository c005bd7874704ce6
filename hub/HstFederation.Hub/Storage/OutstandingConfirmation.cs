using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>
/// A lifecycle order queued to a holder that has not confirmed it: which order (action, message, source), the holder,
/// since when, and the holder's registry status (a revoked member will never confirm).
/// </summary>
internal sealed record OutstandingConfirmation(
    byte[] OrderId, string Action, long HubSequence, PartyId Source, byte[] MessageId, PartyId Holder, long QueuedAtMs, Protocol.V1.MemberStatus? HolderStatus);
