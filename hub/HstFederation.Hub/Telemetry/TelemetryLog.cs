namespace HstFederation.Hub.Telemetry;

/// <summary>Telemetry log events (stable ids).</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Queue statistics for the metrics could not be read; the previous values are kept")]
    public static partial void QueueStatsFailed(ILogger logger, Exception exception);
}
