using HstFederation.Hub.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Lifecycle;

/// <summary>
/// A restriction's effect on envelope deliveries still queued (docs/lifecycle.md §3): a holder the restriction no longer
/// lets keep the message (<see cref="LifecycleRules.MayKeep"/>: excluded, or a forwarded copy the stricter code forbids)
/// and that has not acknowledged its envelope delivery must not be streamed it afterwards, to be told to purge it by the
/// order queued behind. Such a delivery is withdrawn as a recall withdraws every one; an acknowledged one stays as it was
/// (the holder has it and is told to purge it), unless it carried a forwarded envelope, which <see cref="RestrictedForwards"/>
/// purges. The hub keeps its own copy of the message: the restriction still lets it hold it.
/// </summary>
internal static class RestrictedDeliveries
{
    public static void Withdraw(WriteContext context, long hubSequence, Handling effective, HandlingPolicy policy) =>
        QueuedWithdrawals.Withdraw(
            context,
            """
            SELECT cursor, recipient, forward_id IS NOT NULL FROM deliveries
            WHERE hub_sequence = $hub AND kind = 1 AND acked_at_ms IS NULL AND withdrawn_at_ms IS NULL;
            """,
            hubSequence,
            (recipient, forwardedCopy) => !LifecycleRules.MayKeep(effective, recipient, forwardedCopy, policy));
}
