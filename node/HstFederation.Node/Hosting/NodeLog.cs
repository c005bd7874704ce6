using System.Numerics;

namespace HstFederation.Node.Hosting;

/// <summary>Node host log events: settings, files and reasons, never message content.</summary>
internal static partial class NodeLog
{
    [LoggerMessage(EventId = 5010, Level = LogLevel.Information,
        Message = "Migrating the node database {DatabasePath} from schema version {From} to {To}; it is held until the migration ends (minutes on a large file when tables are rebuilt)")]
    public static partial void Migrating(ILogger logger, string databasePath, int from, int to);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Federation CRL number {Number} installed (next update {NextUpdate:O})")]
    public static partial void CrlReloaded(ILogger logger, BigInteger number, DateTimeOffset nextUpdate);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Re-reading the federation CRL {Path} failed; keeping the held one until it is stale")]
    public static partial void CrlReloadFailed(ILogger logger, Exception error, string path);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Member directory refresh failed: {Detail}")]
    public static partial void DirectoryRefreshFailed(ILogger logger, string detail);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Node {Party} started: database {DatabasePath}, hub {HubAddress}")]
    public static partial void Started(ILogger logger, string party, string databasePath, string hubAddress);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Agency API listening on {Address}:{Port} (mutual TLS 1.3, national CA)")]
    public static partial void AgencyListening(ILogger logger, string address, int port);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Critical, Message = "The hub link's {Loop} failed unexpectedly; stopping the node so that it is restarted")]
    public static partial void LoopFailed(ILogger logger, Exception error, string loop);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning,
        Message = "TRUST DATA STALE: {Detail}. Nothing is verified or sealed and no new connection to the hub is made until a fresh CRL is installed at {Path} (re-read every Node:DirectoryRefresh); deliveries wait at the hub and queued messages stay queued")]
    public static partial void TrustDataStale(ILogger logger, string detail, string path);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Critical,
        Message = "THIS NCB IS REVOKED: the federation CRL revokes its signing certificate ({Detail}). Nothing more is signed or sent with these credentials, the hub refuses this node, and queued messages are refused as SenderCertificateRevoked; a restart of serve refuses these credentials. Tell the General Secretariat: a revoked member comes back only with new certificates, enrolled again at the hub")]
    public static partial void OwnCredentialsRevoked(ILogger logger, string detail);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning,
        Message = "Node:ClockOffset is {Offset}: this node's clock is shifted from the system clock (a test and drill setting; 0 in production)")]
    public static partial void ClockOffset(ILogger logger, TimeSpan offset);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Warning,
        Message = "{Count} hub message(s) stored before node migration 14 no longer read as valid and were left unrecorded: their sources are unknown, so no purge reaches them and no agency is served them; the audit's 'unrecorded' entries name them by local id ('hst-node products discard' removes a product so left)")]
    public static partial void UnrecordedAtOpen(ILogger logger, int count);

    [LoggerMessage(EventId = 5014, Level = LogLevel.Warning,
        Message = "{Count} hub message(s) stored before this node range-checked the hub's content fail today's check and were moved to quarantine at open, as a fresh arrival would be ('hst-node quarantine' lists them)")]
    public static partial void QuarantinedAtOpen(ILogger logger, int count);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Warning,
        Message = "Low disk space for the node database {DatabasePath}: {AvailableMiB} MiB free of {TotalMiB} MiB on its volume (warned below {MinimumMiB} MiB or {MinimumPercent} %); free space before writes are refused as storage full")]
    public static partial void LowDiskSpace(ILogger logger, string databasePath, long availableMiB, long totalMiB, long minimumMiB, int minimumPercent);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning,
        Message = "The node database {DatabasePath} is readable or writable by users other than its owner (mode {Mode}), and it holds messages in clear; restrict it with '{Fix}' (and its -wal and -shm files, if any, while the node is stopped) unless that access is intended")]
    public static partial void DatabaseNotPrivate(ILogger logger, string databasePath, string mode, string fix);
}
