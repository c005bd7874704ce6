using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>
/// What <see cref="ForwardTransaction"/> decided: stored now, stored before (a duplicate release), or refused with its
/// reason because the message's lifecycle changed after the handler's check (audited in the refusing transaction).
/// </summary>
internal sealed record ForwardOutcome(bool Stored, RejectionReason Reason, string Detail)
{
    public static readonly ForwardOutcome New = new(true, RejectionReason.Unspecified, string.Empty);

    public static readonly ForwardOutcome Duplicate = new(false, RejectionReason.Unspecified, string.Empty);

    public bool IsRefused => Reason != RejectionReason.Unspecified;

    public static ForwardOutcome Refused(RejectionReason reason, string detail) => new(false, reason, detail);
}
