using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>Product events (stable ids 700–719). Counts, kinds, runs and party URIs only: never anything a message or product says.</summary>
internal static partial class ProductLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "Product sources: the stored message at hub sequence {HubSequence} does not verify ({Reason}) and is left out")]
    public static partial void SourceUnreadable(ILogger logger, long hubSequence, RejectionReason reason);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Product run {RunId} ({Kind}) done: {Products} product(s) from {Sources} hub-readable message(s); {Outcome}")]
    public static partial void RunCompleted(ILogger logger, long runId, string kind, int products, int sources, string outcome);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "Product run {RunId} could not be carried out now and stays pending: {Problem}")]
    public static partial void RunPostponed(ILogger logger, long runId, string problem);

    [LoggerMessage(EventId = 703, Level = LogLevel.Error, Message = "Product run {RunId} failed and is closed as failed")]
    public static partial void RunFailed(ILogger logger, Exception exception, long runId);

    [LoggerMessage(EventId = 704, Level = LogLevel.Information, Message = "Products scheduled: {Kinds} every {Interval} over the last {Period}")]
    public static partial void Scheduled(ILogger logger, string kinds, TimeSpan interval, TimeSpan period);

    [LoggerMessage(EventId = 705, Level = LogLevel.Error, Message = "The product loop failed outside a run; it tries again in a minute")]
    public static partial void TurnFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 706, Level = LogLevel.Information, Message = "Product sources recorded for {Products} product(s) stored before migration 10; {Purged} of them purged, a source having been recalled or expired")]
    public static partial void SourcesBackfilled(ILogger logger, int products, int purged);

    [LoggerMessage(EventId = 707, Level = LogLevel.Warning, Message = "Product {ProductId}, stored before migration 10, cannot be opened ({Reason}): its sources stay unrecorded, and it is tried again at the next start")]
    public static partial void ProductUnreadable(ILogger logger, string productId, RejectionReason reason);

    [LoggerMessage(EventId = 708, Level = LogLevel.Error, Message = "Recording the sources of products stored before migration 10 failed; product runs go on, and it is tried again in a minute")]
    public static partial void BackfillFailed(ILogger logger, Exception exception);
}
