using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

public sealed partial class EnvelopeVerifier
{
    /// <summary>
    /// What <see cref="Verify(ReadOnlyMemory{byte})"/> checks beyond <see cref="VerifyStored"/>, for an envelope VerifyStored accepted: the time
    /// window (step 12), the audience against the handling (step 13) and each forward's added recipients against it (step
    /// 15(l)), all as of today. VerifyStored then this refuses what Verify refuses (with several defects, possibly for
    /// another of them). The hub's Submit splits them to answer an exact retry of an envelope it accepted with the
    /// original receipt, whatever the clock or the regions say now; null when the envelope passes.
    /// </summary>
    public Rejection? CheckCurrent(VerifiedEnvelope verified)
    {
        ArgumentNullException.ThrowIfNull(verified);
        if ((CheckTime(verified.Header) ?? CheckAudience(verified.Header)) is { } rejection)
        {
            return rejection;
        }

        var addressees = policy.Addressees(verified.Header.Handling);
        for (var i = 0; i < verified.Forwards.Count; i++)
        {
            var forward = verified.Forwards[i];
            var granted = forward.Consent is null ? [] : forward.Consent.GrantedTo.ToHashSet(StringComparer.Ordinal);
            foreach (var added in forward.Record.AddedRecipients)
            {
                if (addressees.CheckForward(PartyId.Parse(added.Party), granted) is { } violation)
                {
                    return Reject(RejectionReason.ForwardNotPermitted, $"forwards[{i}]: {violation}");
                }
            }
        }

        return null;
    }
}
