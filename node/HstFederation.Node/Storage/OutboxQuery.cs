namespace HstFederation.Node.Storage;

/// <summary>A page of the outbox, newest first: filters combine with AND; null filters do not restrict.</summary>
internal sealed record OutboxQuery
{
    public const int MaxLimit = 1000;

    public int Limit { get; init; } = 50;

    /// <summary>Only messages older than this local id (the previous page's NextBeforeLocalId).</summary>
    public long? BeforeLocalId { get; init; }

    public OutboxState? State { get; init; }

    /// <summary>Only messages queued at or after this instant (Unix milliseconds).</summary>
    public long? CreatedSinceMs { get; init; }

    public ContentFilter? Content { get; init; }

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Limit, MaxLimit);
        if (State is { } state && !Enum.IsDefined(state))
        {
            throw new ArgumentOutOfRangeException(nameof(State), state, "Unknown outbox state.");
        }
    }
}
