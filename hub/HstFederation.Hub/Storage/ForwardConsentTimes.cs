using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>
/// What the ledger keeps of a forwarded envelope's consent (<c>forwards.consent_granted_at_ms</c>, migration 9): read once
/// from the envelope when the forward is stored, so the evidence outlives the envelope (a purge empties it).
/// </summary>
internal static class ForwardConsentTimes
{
    /// <summary>When the source granted the consent the forward record carries (the last record: the hub's, for this recipient); null if unreadable.</summary>
    public static long? GrantedAtMs(byte[] forwarded)
    {
        try
        {
            var forwards = Envelope.Parser.ParseFrom(forwarded).Forwards;
            var consent = forwards.Count == 0 ? null : ForwardRecord.Parser.ParseFrom(forwards[^1].Record).Consent;
            return consent is null ? null : ForwardConsent.Parser.ParseFrom(consent.Consent).GrantedAtMs;
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
