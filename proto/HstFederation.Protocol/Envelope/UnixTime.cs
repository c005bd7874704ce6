namespace HstFederation.Protocol.Envelope;

/// <summary>Signed times are int64 Unix milliseconds; only 1970-01-01T00:00:00.001Z … 9999-12-31T23:59:59.999Z are valid.</summary>
internal static class UnixTime
{
    public const long MaxMilliseconds = 253_402_300_799_999;

    public static bool TryFromMilliseconds(long milliseconds, out DateTimeOffset time)
    {
        time = default;
        if (milliseconds is <= 0 or > MaxMilliseconds)
        {
            return false;
        }

        time = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return true;
    }
}
