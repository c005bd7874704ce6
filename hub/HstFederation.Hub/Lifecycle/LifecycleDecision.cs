using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Lifecycle;

/// <summary>What the hub decided on an order: its receipt (new or the original one), or a refusal with its reason.</summary>
internal sealed record LifecycleDecision(byte[]? Receipt, bool Duplicate, RejectionReason Reason, string Detail)
{
    public static LifecycleDecision Accepted(byte[] receipt, bool duplicate) => new(receipt, duplicate, RejectionReason.Unspecified, string.Empty);

    public static LifecycleDecision Refused(RejectionReason reason, string detail) => new(null, false, reason, detail);
}
