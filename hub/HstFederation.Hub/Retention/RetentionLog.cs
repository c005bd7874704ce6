namespace HstFederation.Hub.Retention;

/// <summary>Retention events (stable ids 720–739). Counts, hub sequences and party URIs only: never anything a message says.</summary>
internal static partial class RetentionLog
{
    [LoggerMessage(EventId = 720, Level = LogLevel.Information, Message = "Retention schedule on: reviews {LeadTime} before each retention date, checked at least every {CheckInterval}")]
    public static partial void Scheduled(ILogger logger, TimeSpan leadTime, TimeSpan checkInterval);

    [LoggerMessage(EventId = 721, Level = LogLevel.Information, Message = "Retention review of hub sequence {HubSequence} (retention date {RetainUntil}) sent to {Source}")]
    public static partial void ReviewSent(ILogger logger, long hubSequence, DateTimeOffset retainUntil, string source);

    [LoggerMessage(EventId = 722, Level = LogLevel.Warning, Message = "Retention review of hub sequence {HubSequence} recorded, but {Source} cannot receive it (see the send-skipped audit entry)")]
    public static partial void ReviewUndeliverable(ILogger logger, long hubSequence, string source);

    [LoggerMessage(EventId = 723, Level = LogLevel.Error, Message = "The retention turn failed; it tries again in a minute")]
    public static partial void TurnFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 725, Level = LogLevel.Information, Message = "Hub sequence {HubSequence} expired at its retention date {RetainUntil}: the hub's copies purged, expiry orders queued to its holders")]
    public static partial void Expired(ILogger logger, long hubSequence, DateTimeOffset retainUntil);

    [LoggerMessage(EventId = 726, Level = LogLevel.Information, Message = "Hub sequence {HubSequence} expired before {Undelivered} recipient(s) acknowledged it: expiry report sent to {Source}")]
    public static partial void ExpiryReported(ILogger logger, long hubSequence, int undelivered, string source);

    [LoggerMessage(EventId = 727, Level = LogLevel.Warning, Message = "Hub sequence {HubSequence} expired before {Undelivered} recipient(s) acknowledged it, but {Source} cannot receive the report (see the send-skipped audit entry)")]
    public static partial void ExpiryReportUndeliverable(ILogger logger, long hubSequence, int undelivered, string source);
}
