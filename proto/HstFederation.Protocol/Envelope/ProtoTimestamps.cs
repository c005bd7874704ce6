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

    public static bool IsInRange(Timestamp timestamp)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        return timestamp.Seconds is >= MinSeconds and <= MaxSeconds && timestamp.Nanos is >= 0 and <= 999_999_999;
    }
}
