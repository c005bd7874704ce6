namespace HstFederation.Node.Storage;

/// <summary>
/// A stored Unix-millisecond time as a date, for output. The node stores only times that passed the range checks, but a
/// file from before them may still hold one no date holds (the hub signed it); a listing, <c>show</c> or agency answer
/// that reaches such a row shows it as no time (null) instead of failing as a whole.
/// </summary>
internal static class StoredTime
{
    private static readonly long MinMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static DateTimeOffset? Of(long unixMs) => unixMs >= MinMs && unixMs <= MaxMs ? DateTimeOffset.FromUnixTimeMilliseconds(unixMs) : null;

    public static DateTimeOffset? Of(long? unixMs) => unixMs is { } value ? Of(value) : null;

    public static Google.Protobuf.WellKnownTypes.Timestamp? Timestamp(long unixMs) =>
        Of(unixMs) is { } time ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(time) : null;
}
