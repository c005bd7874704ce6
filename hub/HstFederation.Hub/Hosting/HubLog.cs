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
}
