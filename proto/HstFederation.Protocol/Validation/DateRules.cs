using Google.Protobuf.WellKnownTypes;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Validation;

/// <summary>Partial dates (year, year-month, or full date) and timestamps.</summary>
internal static class DateRules
{
    /// <summary>Checks a partial date at <paramref name="path"/>; true when it exists and is well formed.</summary>
    public static bool CheckPartial(ValidationContext context, string path, PartialDate? date, int maxYear)
    {
        if (date is null)
        {
            return false;
        }

        maxYear = Math.Min(maxYear, 9999);

        if (date.Year == 0)
        {
            context.Add(path, "year", ErrorCodes.Required, "A partial date needs at least its year.");
            return false;
        }

        if (date.Year < HstMessageLimits.MinYear || date.Year > maxYear)
        {
            context.Add(path, "year", ErrorCodes.OutOfRange, $"The year must lie between {HstMessageLimits.MinYear} and {maxYear}.");
            return false;
        }

        if (date.Month > 12)
        {
            context.Add(path, "month", ErrorCodes.OutOfRange, "The month must lie between 1 and 12, or be 0 when unknown.");
            return false;
        }

        if (date.Day == 0)
        {
            return true;
        }

        if (date.Month == 0)
        {
            context.Add(path, "day", ErrorCodes.InvalidDate, "A day needs a month.");
            return false;
        }

        if (date.Day > DateTime.DaysInMonth((int)date.Year, (int)date.Month))
        {
            context.Add(path, "day", ErrorCodes.InvalidDate, "The day does not exist in that month.");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Compares two well-formed partial dates at the precision both know: positive when
    /// <paramref name="a"/> is certainly later than <paramref name="b"/>, zero when they may be the same day.
    /// </summary>
    public static int Compare(PartialDate a, PartialDate b)
    {
        if (a.Year != b.Year)
        {
            return a.Year.CompareTo(b.Year);
        }

        if (a.Month == 0 || b.Month == 0)
        {
            return 0;
        }

        if (a.Month != b.Month)
        {
            return a.Month.CompareTo(b.Month);
        }

        return a.Day == 0 || b.Day == 0 ? 0 : a.Day.CompareTo(b.Day);
    }

    public static PartialDate Today(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return new PartialDate { Year = (uint)utc.Year, Month = (uint)utc.Month, Day = (uint)utc.Day };
    }

    /// <summary>Converts a timestamp inside its documented range; null (and an error) otherwise.</summary>
    public static DateTimeOffset? CheckTimestamp(ValidationContext context, string parent, string field, Timestamp timestamp)
    {
        if (!Envelope.ProtoTimestamps.IsInRange(timestamp))
        {
            context.Add(parent, field, ErrorCodes.InvalidDate, "The timestamp lies outside 0001-01-01..9999-12-31 or has invalid nanoseconds.");
            return null;
        }

        return DateTimeOffset.FromUnixTimeSeconds(timestamp.Seconds).AddTicks(timestamp.Nanos / 100);
    }
}
