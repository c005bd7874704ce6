using HstFederation.Hub.Audit;
using HstFederation.Hub.Outbound;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Intelligence;

/// <summary>
/// One batch in one writer transaction: entities, skipped-message entries, hits, their notifications (the hub's own
/// messages, through <see cref="HubOutbound.Enqueue"/>) and the marker. All or nothing, so after a crash the batch is
/// processed again from the marker and no notification is sent twice or lost.
/// </summary>
internal static class IntelligenceCommit
{
    public static long Execute(WriteContext context, HubOutbound outbound, long expectedMarker, IReadOnlyList<ProcessedMessage> batch)
    {
        var notifications = 0L;
        foreach (var message in batch)
        {
            // Recalled, expired or superseded while the worker read it: nothing of it is kept or matched, and the
            // worker drops it from its index (WriteContext.RemovedFromIndex) before its next batch.
            if (!LifecycleStates.IsMatchable(context.Connection, message.HubSequence))
            {
                context.RemovedFromIndex(message.HubSequence);
                continue;
            }

            if (message.Entities is { } entities)
            {
                IntelligenceTransaction.StoreEntities(context, message.HubSequence, entities);
            }

            if (message.Skipped is { } reason)
            {
                IntelligenceTransaction.Skipped(context, message.MessageId, message.HubSequence, reason);
            }

            if (message.HitsLeftOut > 0)
            {
                HubAudit.Append(context.Connection, context.NowMs, PartyId.Hub.Uri, AuditActions.HitsCapped, message.MessageId,
                    $"hub_sequence={message.HubSequence} reported={message.Hits.Count} left_out={message.HitsLeftOut}");
            }

            foreach (var found in message.Hits.Where(found => LifecycleStates.IsMatchable(context.Connection, found.Hit.HeldMessage)))
            {
                HitTransaction.Insert(context, found.Hit, message.MessageId);
                foreach (var (recipient, other, notification) in found.Notifications)
                {
                    // A restriction that committed while the worker read the batch may have excluded the recipient
                    // from the other message since: it is not told of it (its source still is, of its own message).
                    if (LifecycleStates.Find(context.Connection, other) is { } state && HitExclusions.Excludes(state.Handling, recipient))
                    {
                        continue;
                    }

                    if (outbound.Enqueue(context, recipient, notification) is { } sent)
                    {
                        HitTransaction.Notified(context, found.Hit.HitId, recipient, sent.HubSequence);
                        notifications++;
                    }
                }
            }
        }

        IntelligenceTransaction.Advance(context, expectedMarker, batch[^1].HubSequence);
        return notifications;
    }
}
