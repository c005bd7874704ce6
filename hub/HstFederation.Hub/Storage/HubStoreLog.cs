
namespace HstFederation.Hub.Storage;

/// <summary>Store log events. Never message content: counts, sequence numbers and fault kinds only.</summary>
internal static partial class HubStoreLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Error,
        Message = "Write batch of {Count} operations rolled back; nothing acknowledged (disk full: {DiskFull})")]
    public static partial void BatchAbandoned(ILogger logger, int count, bool diskFull, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Hub store opened at schema version {Version}")]
    public static partial void Opened(ILogger logger, int version);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning,
        Message = "Storage quota set to {Pages} pages")]
    public static partial void QuotaSet(ILogger logger, long pages);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning,
        Message = "Storage quota in force: {Effective} pages (asked {Requested}); writes beyond it are refused as storage full")]
    public static partial void QuotaApplied(ILogger logger, long requested, long effective);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning,
        Message = "WAL checkpoint after a purge failed; it is tried again after the next write batch")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);
}
