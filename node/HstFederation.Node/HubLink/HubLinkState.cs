using System.Globalization;
using System.Text.Json;
using HstFederation.Hosting;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.HubLink;

/// <summary>
/// `serve`'s view of its hub link, kept for `hst-node status`: since when the hub has not answered, when it last did, the
/// member directory and the CRL serve holds. Written whole (flushed, renamed into place durably) to <see cref="PathFor"/> beside the
/// database, as the serve lock's holder file is, when the link changes between answering and not, and at every directory
/// refresh; not at every call, which would be a write per message. Not in the database: it is about the process, not the
/// NCB's data, so a restore must not bring back a backup's view of a link long gone. Read again at start, so that a serve
/// restarted in an outage still says since when the hub is away and when it last answered.
/// </summary>
internal sealed class HubLinkState : IDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly FederationTrust _trust;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DateTimeOffset _startedAt;
    private bool? _reachable;
    private DateTimeOffset? _unreachableSince;
    private DateTimeOffset? _lastContact;
    private string? _problem;
    private MemberDirectory? _directory;
    private bool _writeFailed;
    private bool _closed;
    private long _calls;
    private long _latestOutcome;

    public HubLinkState(string databasePath, FederationTrust trust, TimeProvider time, ILogger logger)
    {
        _path = PathFor(databasePath);
        _trust = trust;
        _time = time;
        _logger = logger;
        // The serve lock's own start when this process holds it: status matches the record to the serve running by that time,
        // which serve wrote on the machine's clock, not on this node's (Node:ClockOffset shifts it in a drill).
        _startedAt = ServeLock.Probe(databasePath) is { Running: true, Since: { } since } holder && holder.Pid == Environment.ProcessId
            ? since
            : time.GetUtcNow();
        if (Read(databasePath).Record is { } before)
        {
            // What the serve before this one knew: the last answer stays the last until a new one, and an outage it saw
            // goes on until the hub answers this one.
            _lastContact = before.LastContactAt;
            _unreachableSince = before.Reachable == false ? before.UnreachableSince : null;
            _problem = before.Reachable == false ? before.Problem : null;
        }
    }

    /// <summary>`&lt;database&gt;.serve.link`, beside the serve lock.</summary>
    public static string PathFor(string databasePath) => ServeLock.LockPath(databasePath) + ".link";

    /// <summary>Numbers a call as it starts, for <see cref="Answered"/> and <see cref="NotReached"/>.</summary>
    public long CallStarted() => Interlocked.Increment(ref _calls);

    /// <summary>The hub answered a call (a refusal is an answer); <paramref name="call"/> from <see cref="CallStarted"/>, null for now.</summary>
    public void Answered(long? call = null)
    {
        lock (_gate)
        {
            if (!IsLatestLocked(call))
            {
                return;
            }

            _lastContact = _time.GetUtcNow();
            if (_reachable != true)
            {
                _reachable = true;
                _unreachableSince = null;
                _problem = null;
                WriteLocked();
            }
        }
    }

    /// <summary>A call got no answer from the hub: <paramref name="problem"/> says why; <paramref name="call"/> as for <see cref="Answered"/>.</summary>
    public void NotReached(string problem, long? call = null)
    {
        lock (_gate)
        {
            if (!IsLatestLocked(call))
            {
                return;
            }

            _problem = problem;
            if (_reachable != false)
            {
                _reachable = false;
                _unreachableSince ??= _time.GetUtcNow();
                WriteLocked();
            }
        }
    }

    /// <summary>After each directory refresh, answered or not: the directory held now (null: none yet), and the CRL with it.</summary>
    public void Refreshed(MemberDirectory? held)
    {
        lock (_gate)
        {
            _directory = held;
            WriteLocked();
        }
    }

    /// <summary>What the last serve on <paramref name="databasePath"/> recorded; null when none did, with why it cannot be read when it cannot.</summary>
    public static (HubLinkRecord? Record, string? Problem) Read(string databasePath)
    {
        var path = PathFor(databasePath);
        try
        {
            return (JsonSerializer.Deserialize<HubLinkRecord>(File.ReadAllText(path), JsonOptions), null);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, null);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or JsonException)
        {
            return (null, $"{path} cannot be read: {error.Message}");
        }
    }

    /// <summary>
    /// Outcomes reach this on the thread pool in any order: one of a call begun before another whose outcome is known is
    /// stale (a deadline of a call sent before the hub came back must not undo the answer a later call had).
    /// </summary>
    private bool IsLatestLocked(long? call)
    {
        var number = call ?? Interlocked.Read(ref _calls);
        if (number < _latestOutcome)
        {
            return false;
        }

        _latestOutcome = number;
        return true;
    }

    /// <summary>
    /// Serve has stopped (the container disposes this with it): a call's outcome observed later, on the thread pool, writes
    /// nothing, so nothing is written beside the database once serve says it has stopped.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    private void WriteLocked()
    {
        if (_closed)
        {
            return;
        }

        var crl = _trust.RevocationList;
        var record = new HubLinkRecord(
            Environment.ProcessId, _startedAt, _time.GetUtcNow(), _reachable, _unreachableSince, _lastContact, _problem,
            (long?)_directory?.Serial, At(_directory?.IssuedAtMs), At(_directory?.ExpiresAtMs),
            crl?.Number.ToString(CultureInfo.InvariantCulture), crl?.NextUpdate);
        var temporary = _path + ".tmp";
        try
        {
            // On the disk, name and all (a rare write: at a change and every DirectoryRefresh): an outage's start and the
            // last answer are what a restart after a power cut must still say.
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(file, record, JsonOptions);
                file.Flush(flushToDisk: true);
            }

            DurableRename.Move(temporary, _path, overwrite: true);
            _writeFailed = false;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Only status loses by it (it then shows the last view written, with its time): the link goes on. Said once a run of failures.
            if (!_writeFailed)
            {
                _writeFailed = true;
                HubLinkLog.LinkStateNotWritten(_logger, _path, error.Message);
            }
        }
    }

    private static DateTimeOffset? At(long? unixMs) => unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
