using Google.Protobuf.WellKnownTypes;
using HstFederation.Protocol.Envelope;

namespace HstFederation.Protocol.Tests.Envelope;

/// <summary>The milliseconds step 9 checks are the ones the hub and the node store for handling.retain_until.</summary>
public sealed class ProtoTimestampsTests
{
    [Theory]
    [InlineData(0L, 999_999, 0L)]
    [InlineData(0L, 1_000_000, 1L)]
    [InlineData(1_900_000_000L, 123_999_999, 1_900_000_000_123L)]
    [InlineData(-1L, 999_999_999, -1L)]
    [InlineData(253_402_300_799L, 999_999_999, UnixTime.MaxMilliseconds)]
    [InlineData(-62_135_596_800L, 0, -62_135_596_800_000L)]
    public void ToUnixMilliseconds_DropsTheSubMillisecondPart_AsToDateTimeOffsetDoes(long seconds, int nanos, long expected)
    {
        var timestamp = new Timestamp { Seconds = seconds, Nanos = nanos };

        Assert.Equal(expected, ProtoTimestamps.ToUnixMilliseconds(timestamp));
        Assert.Equal(timestamp.ToDateTimeOffset().ToUnixTimeMilliseconds(), ProtoTimestamps.ToUnixMilliseconds(timestamp));
    }

    [Fact]
    public void ToUnixMilliseconds_OutsideTimestampsRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ProtoTimestamps.ToUnixMilliseconds(new Timestamp { Seconds = 253_402_300_800L }));
}
