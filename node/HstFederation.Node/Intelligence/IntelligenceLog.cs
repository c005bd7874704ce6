namespace HstFederation.Node.Intelligence;

/// <summary>What the node logs about the hub's hits, products and releases: ids, parties and outcomes, never content.</summary>
internal static partial class IntelligenceLog
{
    [LoggerMessage(EventId = 4040, Level = LogLevel.Information, Message = "Stored hit notification {HitId} from the hub at cursor {Cursor} (new: {IsNew})")]
    public static partial void HitStored(ILogger logger, string hitId, ulong cursor, bool isNew);

    [LoggerMessage(EventId = 4041, Level = LogLevel.Information, Message = "Stored analytical product {ProductId} from the hub at cursor {Cursor} (new: {IsNew})")]
    public static partial void ProductStored(ILogger logger, string productId, ulong cursor, bool isNew);

    [LoggerMessage(EventId = 4042, Level = LogLevel.Information, Message = "Release of hit {HitId} to {To}: {Result} (reason {Reason})")]
    public static partial void ReleaseAttempted(ILogger logger, string hitId, string to, ReleaseResult result, string reason);
}
