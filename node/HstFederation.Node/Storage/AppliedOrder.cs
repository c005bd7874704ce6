using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>
/// What applying an <see cref="IncomingOrder"/> came to: the signed confirmation to acknowledge with (also for a repeat
/// of an order already applied), or why the order may not be applied here (nothing was written; the caller quarantines).
/// </summary>
internal sealed record AppliedOrder(SignedStatement? Confirmation, LifecycleOutcome Outcome, RejectionReason Refusal, string? Detail)
{
    public bool IsRefused => Refusal != RejectionReason.Unspecified;

    public static AppliedOrder Refused(RejectionReason reason, string detail) => new(null, LifecycleOutcome.Unspecified, reason, detail);
}
