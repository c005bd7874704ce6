using HstFederation.Hub.Storage;

namespace HstFederation.Hub.Lifecycle;

/// <summary>
/// The hub's own copies of a message (docs/lifecycle.md §3): the stored envelope, the envelopes it forwarded on
/// releases, and what it derived from them (entities, blind tokens). Purging empties the envelopes and deletes the
/// derived rows with <c>secure_delete</c> on (the writer connection's), and asks the writer to checkpoint the WAL after
/// the commit, so the bytes are gone from both files. The hits it took part in lose their notifications' content and
/// explanation (<see cref="PurgedHits"/>), and the analytical products built from it are purged (<see cref="PurgedProducts"/>).
/// The message row stays as the tombstone (id, sender, digest, receipt), and
/// every envelope delivery of it is withdrawn: the stream never sends it again.
/// </summary>
internal static class HubCopies
{
    /// <summary>Recall, expiry, or a restriction under which the hub may no longer hold it. Idempotent.</summary>
    public static void Purge(WriteContext context, long hubSequence)
    {
        var connection = context.Connection;
        PurgeDerived(context, hubSequence);
        PurgedHits.Purge(context, hubSequence);
        PurgedProducts.Purge(context, hubSequence);
        connection.Execute("UPDATE messages SET envelope = X'' WHERE hub_sequence = $hub;", ("$hub", hubSequence));
        connection.Execute("UPDATE forwards SET envelope = X'' WHERE hub_sequence = $hub;", ("$hub", hubSequence));
        connection.Execute(
            "UPDATE deliveries SET withdrawn_at_ms = $now WHERE hub_sequence = $hub AND kind = 1 AND withdrawn_at_ms IS NULL;",
            ("$now", context.NowMs),
            ("$hub", hubSequence));
        connection.Execute(
            "UPDATE message_lifecycle SET purged_at_ms = coalesce(purged_at_ms, $now) WHERE hub_sequence = $hub;",
            ("$now", context.NowMs),
            ("$hub", hubSequence));
    }

    /// <summary>
    /// Entities and blind tokens only (a superseded version, or a restriction that leaves the hub the envelope but not
    /// its reading): the message leaves matching, its envelope stays deliverable.
    /// </summary>
    public static void PurgeDerived(WriteContext context, long hubSequence)
    {
        var connection = context.Connection;
        connection.Execute("DELETE FROM message_entities WHERE hub_sequence = $hub;", ("$hub", hubSequence));
        connection.Execute("DELETE FROM matching_tokens WHERE hub_sequence = $hub;", ("$hub", hubSequence));
        context.RemovedFromIndex(hubSequence);
        context.Purged();
    }
}
