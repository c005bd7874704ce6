using System.Globalization;
using HstFederation.Node.Ledger;
using HstFederation.Node.Storage;

namespace HstFederation.Node.Commands;

/// <summary>The lifecycle part of `hst-node status`: one line per concern, then the listed items, or the --json shape.</summary>
internal static class LifecycleStatusText
{
    public static IEnumerable<(string Label, string Value)> Lines(LifecycleStatus status, int days)
    {
        yield return ("Reviews", status.PendingReviewCount == 0 ? "none pending" : $"{Number(status.PendingReviewCount)} retention reviews undecided (extend or let lapse)");
        yield return ("Unconfirmed", status.OutstandingCount == 0 ? "none outstanding" : $"{Number(status.OutstandingCount)} holders have not confirmed an order of this NCB");
        yield return ("Expiring", status.ExpiringCount == 0
            ? $"nothing within {Number(days)} days"
            : $"{Number(status.ExpiringCount)} stored messages reach their retention date within {Number(days)} days");
        yield return ("Orders", status.RefusedOrderCount == 0 ? "none refused" : $"{Number(status.RefusedOrderCount)} orders refused by the hub");
        yield return ("Undelivered", status.ExpiredUndeliveredCount == 0
            ? "no message expired undelivered"
            : $"{Number(status.ExpiredUndeliveredCount)} messages of this NCB expired before some recipients acknowledged them");
    }

    public static void WriteDetails(LifecycleStatus status, long nowMs, TextWriter output)
    {
        foreach (var review in status.PendingReviews)
        {
            output.WriteLine($"  review     {LedgerJson.Id(review.MessageId)} retained until {Display.Time(review.RetainUntilMs)}, requested {Display.Time(review.RequestedAtMs)}");
        }

        foreach (var holder in status.Outstanding)
        {
            output.WriteLine($"  unconfirmed {holder.Action} {LedgerJson.Id(holder.OrderId)} of {LedgerJson.Id(holder.MessageId)} by {Display.Party(holder.Holder)}, " +
                $"accepted {Age(nowMs - holder.SinceMs)} ago");
        }

        foreach (var expiry in status.Expiring)
        {
            output.WriteLine($"  expiring   {LedgerJson.Id(expiry.MessageId)} ({expiry.Box.ToStorage()} #{Number(expiry.LocalId)}" +
                (expiry.Sender is { } sender ? $" from {Display.Party(sender)}" : string.Empty) + $") on {Display.Time(expiry.RetainUntilMs)}");
        }

        foreach (var refused in status.RefusedOrders)
        {
            output.WriteLine($"  refused    {refused.Action} {LedgerJson.Id(refused.OrderId)} of {LedgerJson.Id(refused.MessageId)}: {Display.Safe(refused.Reason)} {Display.Time(refused.AtMs)}");
        }

        foreach (var expired in status.ExpiredUndelivered)
        {
            output.WriteLine($"  undelivered {LedgerJson.Id(expired.MessageId)} expired {Display.Time(expired.ExpiredAtMs)}: " +
                string.Join(", ", expired.Recipients.Select(LifecycleDisplay.Undelivered)));
        }
    }

    public static object Json(LifecycleStatus status, int days, long nowMs) => new
    {
        Days = days,
        PendingReviews = new
        {
            Count = status.PendingReviewCount,
            Items = status.PendingReviews.Select(r => new { MessageId = LedgerJson.Id(r.MessageId), RetainUntil = At(r.RetainUntilMs), RequestedAt = At(r.RequestedAtMs) }),
        },
        OutstandingConfirmations = new
        {
            Count = status.OutstandingCount,
            Items = status.Outstanding.Select(o => new
            {
                OrderId = LedgerJson.Id(o.OrderId), MessageId = LedgerJson.Id(o.MessageId), o.Action, Holder = Display.Party(o.Holder),
                AcceptedAt = At(o.SinceMs), AgeSeconds = (nowMs - o.SinceMs) / 1000,
            }),
        },
        Expiring = new
        {
            Count = status.ExpiringCount,
            Items = status.Expiring.Select(e => new
            {
                MessageId = LedgerJson.Id(e.MessageId), Box = e.Box.ToStorage(), e.LocalId, Sender = e.Sender is { } s ? Display.Party(s) : null, RetainUntil = At(e.RetainUntilMs),
            }),
        },
        RefusedOrders = new
        {
            Count = status.RefusedOrderCount,
            Items = status.RefusedOrders.Select(r => new { OrderId = LedgerJson.Id(r.OrderId), MessageId = LedgerJson.Id(r.MessageId), r.Action, r.Reason, At = At(r.AtMs) }),
        },
        ExpiredUndelivered = new
        {
            Count = status.ExpiredUndeliveredCount,
            Items = LifecycleDisplay.ExpiryReportsJson(status.ExpiredUndelivered),
        },
    };

    private static string Age(long ms)
    {
        var age = TimeSpan.FromMilliseconds(Math.Max(0, ms));
        return age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min" : age.TotalDays < 2 ? $"{(int)age.TotalHours} h" : $"{(int)age.TotalDays} days";
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static DateTimeOffset? At(long ms) => StoredTime.Of(ms);
}
