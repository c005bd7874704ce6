namespace HstFederation.Hub.Storage;

/// <summary>
/// Migration 13: `hst-hub hits` lists the hits of a window, newest first (<see cref="HubStore.HitsListSql"/>); without an
/// index on the detection time it read the whole hits table each time, every hit the hub ever found. Keyed as the list is
/// ordered (detection time, then the later and the earlier message), the listing walks the window alone, newest first,
/// and stops at its limit. The cost is one more index entry per hit the intelligence worker commits, and a hit is rare next
/// to a message. No new data.
/// Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0013
{
    public const string Sql = """
        CREATE INDEX hits_by_detected ON hits (detected_at_ms, new_message, held_message);
        """;
}
