using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>
/// How a forwarded copy came about: stored at <paramref name="ForwardedAtMs"/> on the release by <paramref name="ConsentBy"/>
/// (the source, whose signed consent the forward record carries, granted at <paramref name="ConsentGrantedAtMs"/>, kept in
/// <c>forwards.consent_granted_at_ms</c>; null if the forward record could not be read when stored, or its envelope was
/// purged before migration 9 filled the column) for hit <paramref name="HitId"/>.
/// </summary>
internal sealed record LedgerForward(long ForwardId, long ForwardedAtMs, PartyId ConsentBy, long? ConsentGrantedAtMs, byte[] HitId);
