namespace HstFederation.Hub.Intelligence;

/// <summary>The intelligence worker's log events (stable ids; hub sequences and counts, never content).</summary>
internal static partial class IntelligenceLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Intelligence is disabled (Hub:Intelligence:Enabled=false): no matching, no hit notifications")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Entity index rebuilt: {Messages} messages, {Entities} entities; processed through hub sequence {Marker}")]
    public static partial void Rebuilt(ILogger logger, int messages, int entities, long marker);

    [LoggerMessage(EventId = 402, Level = LogLevel.Debug, Message = "Processed hub sequences {First}-{Last}: {Hits} hits, {Notifications} notifications")]
    public static partial void Processed(ILogger logger, long first, long last, int hits, long notifications);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Could not process the messages from hub sequence {First}; retrying in {Delay}")]
    public static partial void BatchFailed(ILogger logger, Exception exception, long first, TimeSpan delay);

    [LoggerMessage(EventId = 404, Level = LogLevel.Error, Message = "The stored entities of hub sequence {HubSequence} are unreadable; that message is left out of the index")]
    public static partial void EntitiesUnreadable(ILogger logger, Exception exception, long hubSequence);
}
