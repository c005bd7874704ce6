namespace HstFederation.Hub.Tests.Faults;

/// <summary>An envelope in a subscriber's record: the cursor it first came under, its sequence, and how often it came again.</summary>
internal sealed class RecordedEnvelope(long cursor, ulong sequence)
{
    public long Cursor { get; } = cursor;

    public ulong Sequence { get; } = sequence;

    public int Duplicates { get; set; }
}
