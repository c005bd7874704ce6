using System.Globalization;

namespace HstFederation.Hub.Commands;

/// <summary>
/// `hits --since`: a span back from now (24h, 7d) or a UTC date or time, the forms `hits --help` names. A span is the
/// analyst's "today" or "this week" without working out the date; a date is what ledger and the other lists print.
/// </summary>
internal sealed record HitsSince(DateTimeOffset At, string? Span)
{
    public const string Option = "--since";

    public const int DefaultDays = 7;

    private const int MaxDays = 3650;

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm'Z'"];

    /// <summary>"since 2026-11-24 12:00:00Z (the last 7 days)", or without the span for a date.</summary>
    public string Words => $"since {CommandContext.Format(At)}{(Span is null ? string.Empty : $" ({Span})")}";

    public static HitsSince Parse(string? text, DateTimeOffset now)
    {
        if (text is null)
        {
            return Back(now, DefaultDays, 'd');
        }

        if (text.Length >= 2 && text[^1] is 'h' or 'd'
            && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && count <= (text[^1] == 'd' ? MaxDays : MaxDays * 24))
        {
            return Back(now, count, text[^1]);
        }

        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            return new HitsSince(new DateTimeOffset(date, TimeSpan.Zero), null);
        }

        throw new CommandUsageException(
            $"{Option} takes a span back from now, 1h to {MaxDays * 24}h or 1d to {MaxDays}d (24h, 7d), or a UTC date or time (2026-11-30, 2026-11-30T08:00:00Z), not '{text}'.");
    }

    private static HitsSince Back(DateTimeOffset now, int count, char unit) => unit == 'd'
        ? new HitsSince(now.AddDays(-count), count == 1 ? "the last day" : $"the last {count} days")
        : new HitsSince(now.AddHours(-count), count == 1 ? "the last hour" : $"the last {count} hours");
}
