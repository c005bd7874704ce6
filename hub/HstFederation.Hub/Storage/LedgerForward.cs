using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>
/// How a forwarded copy came about: stored at <paramref name="ForwardedAtMs"/> on the release by <paramref name="ConsentBy"/>
/// (the source, whose signed consent the forward record carries, granted at <paramref name="ConsentGrantedAtMs"/>; null if the
/// stored forward record cannot be read back) for hit <paramref name="HitId"/>.
/// </summary>
internal sealed record LedgerForward(long ForwardId, long ForwardedAtMs, PartyId ConsentBy, long? ConsentGrantedAtMs, byte[] HitId);
