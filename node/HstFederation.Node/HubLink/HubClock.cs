using System.Globalization;
using Grpc.Core;

namespace HstFederation.Node.HubLink;

/// <summary>
/// How far this node's clock is from the hub's, read from the HTTP <c>Date</c> header the hub's server puts on every
/// response (RFC 9110 §6.6.1: the origin's clock, whole seconds) over the authenticated channel. Good to about a
/// second plus the round trip: enough to see a skew of minutes, which is what makes the hub refuse envelopes.
/// </summary>
internal static class HubClock
{
    /// <summary>Local minus hub (positive: this node is ahead), or null when the answer had no usable Date.</summary>
    public static TimeSpan? Skew(Metadata responseHeaders, DateTimeOffset sentAt, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(responseHeaders);
        if (responseHeaders.GetValue("date") is not { } value
            || !DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var hubSecond))
        {
            return null;
        }

        // The header is truncated to the second and the server refreshes it once a second, so the hub's clock was
        // within two seconds after it: take the middle. The node's moment is the middle of the round trip.
        var hub = hubSecond + TimeSpan.FromSeconds(1);
        var local = sentAt + (receivedAt - sentAt) / 2;
        return TimeSpan.FromSeconds(Math.Round((local - hub).TotalSeconds));
    }

    /// <summary>"+10m 0s", "-1h 2m 5s", "0s": a skew as an operator reads it.</summary>
    public static string Format(TimeSpan skew)
    {
        var sign = skew < TimeSpan.Zero ? "-" : "+";
        var size = skew.Duration();
        return size.TotalSeconds < 1 ? "0s"
            : size.TotalHours >= 1 ? $"{sign}{(int)size.TotalHours}h {size.Minutes}m {size.Seconds}s"
            : size.TotalMinutes >= 1 ? $"{sign}{size.Minutes}m {size.Seconds}s"
            : $"{sign}{size.Seconds}s";
    }
}
