namespace HstFederation.Protocol.Envelope;

/// <summary>Signed times are int64 Unix milliseconds; only 1970-01-01T00:00:00.001Z … 9999-12-31T23:59:59.999Z are valid.</summary>
public static class UnixTime
{
    public const long MaxMilliseconds = 253_402_300_799_999;

    /// <summary>Whether <paramref name="milliseconds"/> is a signed time this protocol accepts (what <see cref="DateTimeOffset"/> holds, after 1970).</summary>
    public static bool IsValid(long milliseconds) => milliseconds is > 0 and <= MaxMilliseconds;

    public static bool TryFromMilliseconds(long milliseconds, out DateTimeOffset time)
    {
        time = default;
        if (!IsValid(milliseconds))
        {
            return false;
        }

        time = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return true;
    }
}
