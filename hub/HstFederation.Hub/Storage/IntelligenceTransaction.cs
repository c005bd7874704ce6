using HstFederation.Hub.Audit;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>
/// The intelligence worker's rows inside its writer transaction. The marker moves in the same transaction as the
/// entities, hits and notifications it covers, so a crash repeats none of them and loses none.
/// </summary>
internal static class IntelligenceTransaction
{
    /// <summary>Moves the marker from <paramref name="expected"/> to <paramref name="through"/>; throws if another writer moved it.</summary>
    public static void Advance(WriteContext context, long expected, long through)
    {
        var updated = context.Connection.Execute(
            "UPDATE intelligence_state SET processed_through = $through WHERE id = 1 AND processed_through = $expected;",
            ("$through", through),
            ("$expected", expected));
        if (updated != 1)
        {
            throw new InvalidOperationException($"The intelligence marker is no longer at {expected}: another worker processed these messages.");
        }
    }

    public static void StoreEntities(WriteContext context, long hubSequence, byte[] entities) =>
        context.Connection.Execute(
            "INSERT INTO message_entities (hub_sequence, entities) VALUES ($hub, $entities);",
            ("$hub", hubSequence),
            ("$entities", entities));

    /// <summary>A hub-readable message the hub could not index (e.g. it no longer verifies): audited with the reason, never content.</summary>
    public static void Skipped(WriteContext context, byte[] messageId, long hubSequence, string reason) =>
        HubAudit.Append(context.Connection, context.NowMs, PartyId.Hub.Uri, AuditActions.IndexSkipped, messageId,
            $"hub_sequence={hubSequence} {reason}");
}
