namespace HstFederation.Node.Intelligence;

/// <summary>What the node logs about the hub's hits, products and releases: ids, parties and outcomes, never content.</summary>
internal static partial class IntelligenceLog
{
    [LoggerMessage(EventId = 4040, Level = LogLevel.Information, Message = "Stored hit notification {HitId} from the hub at cursor {Cursor} (new: {IsNew})")]
    public static partial void HitStored(ILogger logger, string hitId, ulong cursor, bool isNew);

    [LoggerMessage(EventId = 4041, Level = LogLevel.Information, Message = "Stored analytical product {ProductId} from the hub at cursor {Cursor} (new: {IsNew})")]
    public static partial void ProductStored(ILogger logger, string productId, ulong cursor, bool isNew);

    [LoggerMessage(EventId = 4043, Level = LogLevel.Warning, Message = "Blind tokens could not be computed for outbox message {LocalId}; it is sent without them")]
    public static partial void TokensFailed(ILogger logger, Exception error, long localId);

    [LoggerMessage(EventId = 4046, Level = LogLevel.Warning,
        Message = "The hub refused the blind tokens of outbox message {LocalId} ({Detail}); the message is sent without them. Check Node:MatchingKeyPath against the federation's current matching key")]
    public static partial void TokensRefused(ILogger logger, long localId, string detail);

    [LoggerMessage(EventId = 4044, Level = LogLevel.Information, Message = "Blind matching tokens: direct exchanges carry tokens under matching key {KeyId} ({Held} key(s) in {Path})")]
    public static partial void MatchingKeyLoaded(ILogger logger, string keyId, int held, string path);

    [LoggerMessage(EventId = 4045, Level = LogLevel.Warning,
        Message = "No federation matching key (Node:MatchingKeyPath is not set): direct exchanges leave without blind tokens, so the hub cannot find hits between them")]
    public static partial void NoMatchingKey(ILogger logger);

    [LoggerMessage(EventId = 4042, Level = LogLevel.Information, Message = "Release of hit {HitId} to {To}: {Result} (reason {Reason})")]
    public static partial void ReleaseAttempted(ILogger logger, string hitId, string to, ReleaseResult result, string reason);
}
