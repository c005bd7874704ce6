namespace HstFederation.Hub.Subscriptions;

/// <summary>Subscription log events (stable ids; never message content).</summary>
internal static partial class SubscriptionLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Critical,
        Message = "HUB DATABASE BEHIND A MEMBER: {Member} subscribed after cursor {Cursor}, beyond the highest this hub ever assigned ({Highest}): this database was restored from a backup without 'hst-hub restore', and new deliveries would be numbered below cursors the members hold and skipped by them. Refused (UNKNOWN_CURSOR). Stop serve, take 'hst-hub backup <file>' of this database and 'hst-hub restore <that file>', then start serve; docs/hub.md, Restore")]
    public static partial void CursorAheadOfHub(ILogger logger, string member, long cursor, long highest);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information,
        Message = "{Member} subscribed after cursor {Cursor}, handed out before this database's restore: sent it again its {Count} deliveries at or below that cursor that this database holds as never acknowledged (it may have acknowledged them at the replaced database; its node answers a repeat with the same delivery receipt)")]
    public static partial void SentAgainAfterRestore(ILogger logger, string member, int count, long cursor);
}
