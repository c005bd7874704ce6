using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>
/// The hub's final refusals that say an envelope's times are off from the hub's clock: after the node's one reseal,
/// they mean this node's clock is wrong (THREATS 22), so `status` counts them as a clock alarm.
/// </summary>
internal static class ClockRefusals
{
    public static readonly IReadOnlyList<string> Reasons =
    [
        nameof(RejectionReason.CreatedInFuture),
        nameof(RejectionReason.CreatedTooLongAgo),
        nameof(RejectionReason.Expired),
    ];

    public static bool Contains(string reason) => Reasons.Contains(reason, StringComparer.Ordinal);
}
