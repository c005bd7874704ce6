using System.Collections.Concurrent;

namespace HstFederation.Hub.Audit;

/// <summary>
/// Which of a repeated entry's occurrences are written: the first for a key, then one per <paramref name="interval"/>.
/// For entries a caller causes by merely calling (a refused call, a stream opened), so that a member calling in a loop
/// cannot grow the audit log, or the single writer's queue shared with every member's submissions, at the rate it calls.
/// Keys are parties (with a method or a certificate): bounded by the federation's membership.
/// </summary>
internal sealed class AuditThrottle<TKey>(TimeSpan interval)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, DateTimeOffset> _last = new();

    public bool IsDue(TKey key, DateTimeOffset now)
    {
        var due = false;
        _last.AddOrUpdate(
            key,
            _ =>
            {
                due = true;
                return now;
            },
            (_, last) =>
            {
                due = now - last >= interval;
                return due ? now : last;
            });
        return due;
    }
}
