namespace HstFederation.Node.Storage;

/// <summary>A page of the inbox, newest first: filters combine with AND; null filters do not restrict.</summary>
internal sealed record InboxQuery
{
    public const int MaxLimit = 1000;

    public int Limit { get; init; } = 50;

    /// <summary>Only messages older than this local id (the previous page's NextBeforeLocalId).</summary>
    public long? BeforeLocalId { get; init; }

    /// <summary>Only messages from this sender (its party URI, as stored).</summary>
    public string? Sender { get; init; }

    /// <summary>Only messages stored at or after this instant (Unix milliseconds).</summary>
    public long? ReceivedSinceMs { get; init; }

    public ContentFilter? Content { get; init; }

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Limit, MaxLimit);
    }
}
