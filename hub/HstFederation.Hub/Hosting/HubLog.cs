namespace HstFederation.Hub.Hosting;

/// <summary>Host-level log events (stable ids; never message content).</summary>
internal static partial class HubLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Hub listening on {Address}:{Port} (mutual TLS 1.3)")]
    public static partial void Listening(ILogger logger, string address, int port);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Federation CRL reloaded: number {Number}, next update {NextUpdate}")]
    public static partial void CrlReloaded(ILogger logger, System.Numerics.BigInteger number, DateTimeOffset nextUpdate);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Federation CRL could not be reloaded from {Path}")]
    public static partial void CrlReloadFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "Low disk space for the hub database {DatabasePath}: {AvailableMiB} MiB free of {TotalMiB} MiB on its volume (warned below {MinimumMiB} MiB or {MinimumPercent} %); free space before writes are refused as storage full")]
    public static partial void LowDiskSpace(ILogger logger, string databasePath, long availableMiB, long totalMiB, long minimumMiB, int minimumPercent);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning,
        Message = "The hub database {DatabasePath} is readable or writable by users other than its owner (mode {Mode}), and it holds who sent what to whom; restrict it with '{Fix}' (and its -wal and -shm files, if any, while the hub is stopped) unless that access is intended")]
    public static partial void DatabaseNotPrivate(ILogger logger, string databasePath, string mode, string fix);
}
