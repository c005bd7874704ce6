using HstFederation.Node.HubLink;
using HstFederation.Node.Storage;

namespace HstFederation.Node.Commands;

/// <summary>
/// `status`'s clock line (THREATS 22): the skew against the hub measured now, and the hub's refusals for time.
/// An alarm when the skew is beyond the federation's tolerance, or when the latest refusal for time is newer
/// than the latest acceptance (the clock has not been fixed since).
/// </summary>
internal sealed record ClockReport(TimeSpan Offset, TimeSpan? Skew, TimeSpan Tolerance, long RefusedForTime, long? LastRefusedForTimeAtMs, string? Problem)
{
    public bool Alarm => Problem is not null;

    public static ClockReport From(TimeSpan offset, TimeSpan? skew, TimeSpan tolerance, StoreStatus status)
    {
        List<string> problems = [];
        if (skew is { } measured && measured.Duration() > tolerance)
        {
            problems.Add($"this node's clock is {HubClock.Format(measured)} from the hub's, beyond the {tolerance.TotalMinutes:0.#} min tolerance: " +
                (measured > TimeSpan.Zero ? "the hub refuses what it sends (CreatedInFuture)" : "others' messages are quarantined (CreatedInFuture)"));
        }

        if (status.LastRefusedForTimeAtMs is { } refused && refused > (status.LastAcceptedAtMs ?? long.MinValue))
        {
            problems.Add($"the hub's latest refusal for time ({Display.Time(refused)}) is newer than its latest acceptance");
        }

        var problem = problems.Count == 0 ? null : string.Join("; ", problems) + "; fix this server's time (NTP), then send again";
        return new ClockReport(offset, skew, tolerance, status.RefusedForTime, status.LastRefusedForTimeAtMs, problem);
    }

    public string Line()
    {
        var offset = Offset == TimeSpan.Zero ? string.Empty : $"Node:ClockOffset {Offset:c} (drill setting); ";
        var skew = Skew is { } measured ? $"skew vs hub {HubClock.Format(measured)}" : "skew vs hub unknown";
        var refusals = RefusedForTime == 0 ? string.Empty
            : $"; {RefusedForTime} sent messages refused for time ({string.Join("/", ClockRefusals.Reasons)}), last {Display.Time(LastRefusedForTimeAtMs!.Value)}";
        return Problem is null
            ? $"{offset}{skew} (tolerance {Tolerance.TotalMinutes:0.#} min){refusals}"
            : $"ALARM: {Problem}. {offset}{skew}{refusals}";
    }

    public object Json() => new
    {
        OffsetSetting = Offset.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        SkewVsHubSeconds = Skew?.TotalSeconds,
        ToleranceSeconds = Tolerance.TotalSeconds,
        RefusedForTime,
        LastRefusedForTimeAt = LastRefusedForTimeAtMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null,
        Alarm,
        Problem,
    };
}
