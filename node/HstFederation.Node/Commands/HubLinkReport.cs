using HstFederation.Hosting;
using HstFederation.Node.HubLink;

namespace HstFederation.Node.Commands;

/// <summary>
/// `status`'s `Hub link` line: what `serve` recorded of its hub link (<see cref="HubLinkState"/>), beside the probe status
/// makes now. In an outage the probe says only that the hub does not answer; serve knows since when, when it last
/// answered, and the directory and CRL it holds, which decide what it can still seal and for how long.
/// </summary>
/// <param name="Current">Written by the serve running now; else by one that ran before (stopped, or another process).</param>
internal sealed record HubLinkReport(HubLinkRecord? Record, string? ReadProblem, bool Current)
{
    public static HubLinkReport Read(string databasePath, ServeHolder serve)
    {
        ArgumentNullException.ThrowIfNull(serve);
        var (record, problem) = HubLinkState.Read(databasePath);
        // The pid alone could be an earlier serve of the same process (or a recycled pid): the record must be from this run.
        var current = record is not null && serve.Running && serve.Pid == record.Pid && (serve.Since is not { } since || record.ServeStartedAt >= since);
        return new HubLinkReport(record, problem, current);
    }

    public string Line(DateTimeOffset now, long queued)
    {
        if (Record is not { } link)
        {
            return ReadProblem is { } problem
                ? $"serve's record of the hub link {problem}"
                : "nothing recorded: no 'hst-node serve' of this release has run on this database";
        }

        var who = Current ? $"serve (pid {link.Pid}) says" : $"NOT CURRENT: the serve that ran before (pid {link.Pid}, started {Display.Time(link.ServeStartedAt)}) said";
        var state = link.Reachable switch
        {
            true => $"the hub answers, last at {Latest(link.LastContactAt)}",
            false => $"hub UNREACHABLE since {Latest(link.UnreachableSince)}" +
                (link.UnreachableSince is { } since ? $" ({Duration(now - since)})" : string.Empty) +
                $": {link.Problem}; last answer from the hub {Latest(link.LastContactAt)}" +
                (queued == 0 ? string.Empty : $"; {queued} queued message(s) wait"),
            null => $"no call to the hub has ended yet; last answer from the hub {Latest(link.LastContactAt)}",
        };
        var directory = link.DirectorySerial is { } serial
            ? $"holds directory serial {serial}, issued {Latest(link.DirectoryIssuedAt)} ({Duration(now - link.DirectoryIssuedAt!.Value)} old), " +
              (now >= link.DirectoryExpiresAt ? $"EXPIRED {Latest(link.DirectoryExpiresAt)}: nothing is sealed until the hub answers"
                  : $"expires {Latest(link.DirectoryExpiresAt)}")
            : "holds no directory: nothing is sealed until the hub answers";
        var crl = link.CrlNumber is { } number ? $"CRL number {number} due for renewal {Latest(link.CrlNextUpdate)}" : "no CRL";
        return $"{who} {state}; {directory}; {crl} (recorded {Display.Time(link.RecordedAt)})";
    }

    public object Json(DateTimeOffset now) => new
    {
        Recorded = Record is not null,
        Current,
        Record?.Pid,
        Record?.ServeStartedAt,
        Record?.RecordedAt,
        Record?.Reachable,
        Record?.UnreachableSince,
        Record?.LastContactAt,
        Record?.Problem,
        Directory = Record is { DirectorySerial: { } serial } link
            ? new { Serial = serial, IssuedAt = link.DirectoryIssuedAt, ExpiresAt = link.DirectoryExpiresAt, Expired = now >= link.DirectoryExpiresAt }
            : null,
        Crl = Record is { CrlNumber: { } number } held ? new { Number = number, NextUpdate = held.CrlNextUpdate } : null,
        ReadProblem,
    };

    private static string Latest(DateTimeOffset? at) => at is { } time ? Display.Time(time) : "never";

    /// <summary>"40 s", "12 min", "2 h 5 min", "3 d 4 h": how long, as an officer reads it.</summary>
    internal static string Duration(TimeSpan span)
    {
        span = span < TimeSpan.Zero ? TimeSpan.Zero : span;
        return span.TotalMinutes < 1 ? $"{(int)span.TotalSeconds} s"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min"
            : span.TotalDays < 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
            : $"{(int)span.TotalDays} d {span.Hours} h";
    }
}
