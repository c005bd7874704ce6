using Google.Protobuf.WellKnownTypes;

namespace HstFederation.Protocol.Envelope;

/// <summary>
/// google.protobuf.Timestamp's documented range, 0001-01-01T00:00:00Z … 9999-12-31T23:59:59.999999999Z: what
/// <see cref="Timestamp.ToDateTimeOffset"/> converts without throwing. A signer can put any seconds and nanos on the
/// wire, so a signed timestamp is checked against it before anything converts it.
/// </summary>
public static class ProtoTimestamps
{
    public const long MinSeconds = -62_135_596_800;

    public const long MaxSeconds = 253_402_300_799;

    private const int NanosPerMillisecond = 1_000_000;

    public static bool IsInRange(Timestamp timestamp)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        return timestamp.Seconds is >= MinSeconds and <= MaxSeconds && timestamp.Nanos is >= 0 and <= 999_999_999;
    }

    /// <summary>
    /// The Unix milliseconds a holder stores for <paramref name="timestamp"/>: <c>seconds × 1000 + ⌊nanos / 1,000,000⌋</c>,
    /// the sub-millisecond part dropped (nanos are never negative, so that is the earlier millisecond). What
    /// <c>ToDateTimeOffset().ToUnixTimeMilliseconds()</c> gives for every timestamp in range. Throws outside it.
    /// </summary>
    public static long ToUnixMilliseconds(Timestamp timestamp)
    {
        if (!IsInRange(timestamp))
        {
            throw new ArgumentOutOfRangeException(nameof(timestamp), "The timestamp lies outside google.protobuf.Timestamp's range.");
        }

        return (timestamp.Seconds * 1000) + (timestamp.Nanos / NanosPerMillisecond);
    }

    /// <summary>
    /// Whether <paramref name="timestamp"/> is a signed time this protocol accepts: in range, and its Unix milliseconds
    /// (<see cref="ToUnixMilliseconds"/>) valid by <see cref="UnixTime.IsValid"/>, so 1970-01-01T00:00:00.001Z …
    /// 9999-12-31T23:59:59.999999999Z (1970-01-01T00:00:00.000999999Z is 0 ms, refused).
    /// </summary>
    public static bool IsSignedTime(Timestamp timestamp) => IsInRange(timestamp) && UnixTime.IsValid(ToUnixMilliseconds(timestamp));
}
