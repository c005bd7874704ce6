using System.Globalization;
using HstFederation.Hosting;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Retention;
using HstFederation.Hub.Storage;

namespace HstFederation.Hub.Commands;

/// <summary>
/// `status`: whether `serve` runs on the database, then what the lifecycle is waiting for (docs/hub.md#status) — retention
/// reviews the sources have not answered, lifecycle orders the holders have not confirmed, and the retention dates coming
/// up. It changes nothing, but it lists which holder has which message, so each run is audited (<see cref="AuditedRead"/>).
/// </summary>
internal sealed class StatusCommand : IHubCommand
{
    private const string DaysOption = "--days";

    public string Name => "status";

    public string Summary => "Whether serve runs; pending retention reviews, unconfirmed lifecycle orders and upcoming expiries.";

    public string Help => """
        Usage: hst-hub status [--days N] [--json]

        First whether 'hst-hub serve' is running on Hub:DatabasePath (its pid and start time, from the lock it holds),
        or NOT running: then members' nodes keep their messages queued and nothing is accepted or delivered until it
        runs. A Database line follows when the database is OPEN TO OTHERS (readable or writable by its group or others,
        as serve warns at start, event 5), with its mode and the chmod that restricts it. A Federation line gives the
        CRL at Hub:RevocationListPath (when it and Hub:RootCertificatePath are set): its number and nextUpdate, OVERDUE
        past the nextUpdate (with when Hub:RevocationGrace runs out and the serving hub refuses every member), STALE
        after that. A Certificates line gives the hub's own TLS, signing and encryption certificates (when
        Hub:CredentialsDirectory is set too, loaded as serve loads them): when each expires, how many previous encryption
        keys it keeps for opening, RENEW once the first expires within 30 days, and CANNOT BE USED with serve's reason
        when serve would refuse them (expired, revoked, not the hub's). Then, from one read snapshot of the database (safe
        while the hub runs), never any content:
          - PENDING REVIEWS: retention reviews the hub sent a source (six months before a message's retention date)
            that it has answered neither by an extension nor by a lapse, for messages not yet expired; "undeliverable"
            when the source could not be sent it (revoked, no valid key: the send-skipped audit entry says why);
          - OUTSTANDING CONFIRMATIONS: each lifecycle order (recall, restriction, extension, expiry) and holder that has
            not yet sent its signed confirmation, since when it is queued, and the holder's registry status. Whether a
            holder is connected now is not in the database; `hst-hub stats` shows what waits in each member's queue;
          - UPCOMING EXPIRIES: messages whose effective retention date (extensions included) falls within the next N
            days, earliest first; "due" when the date has passed and the serving hub has not expired it yet.

        Options:
          --days N   how far ahead to list expiries, 1 to 3650 (default Hub:Retention:StatusDays, 30)
          --json     {"at","expiriesUntil","serve":{"running","pid","since","problem"},
                     "database":{"path","mode","openToOthers","problem"},
                     "revocationList":{"path","number","nextUpdate","staleAt","overdue","stale","problem"},
                     "credentials":{"tlsNotAfter","signingNotAfter","encryptionNotAfter","previousKeys","daysLeft","renewSoon","problem"},
                     "pendingReviews":[...],
                     "outstandingConfirmations":[...],"upcomingExpiries":[...]}

        Audited: each run writes one 'list' entry as operator:<user> (--days and how many rows of each list), before
        anything is shown; if it cannot be written (a full disk, a file this user may not write) nothing is shown: exit 1.

        Exit codes: 0 shown, serve running (a database open to others is said, not failed: the access may be intended);
        1 serve NOT running (everything else is still shown, so a monitoring check on status catches a stopped hub),
        or the CRL overdue, stale or unusable, or the hub's certificates unusable, or the database or configuration cannot be read, or the run could not be audited; 2 a malformed option.

        Example:
          $ hst-hub status --days 60
          Status at 2026-11-29 12:00:00Z; expiries up to 2027-01-28 12:00:00Z
          Serve        running (pid 4711, started 2026-11-29 08:00:12Z)
          Federation   CRL number 4 due for renewal 2026-12-29 00:02:02Z
          Certificates TLS until 2027-11-29 08:00:00Z, signing until 2027-11-29 08:00:00Z, encryption until 2027-11-29 08:00:00Z; 0 previous encryption key(s) kept for opening
          PENDING REVIEWS (1)
          MESSAGE                               SOURCE             RETAIN UNTIL          ASKED
          01a226f6-345b-7f3c-ad14-062214e8c271  urn:hst:member:FR  2027-05-29 12:00:00Z  2026-11-28 12:00:00Z
          OUTSTANDING CONFIRMATIONS (1)
          ORDER                                 ACTION  MESSAGE                               SOURCE             HOLDER             QUEUED SINCE          HOLDER STATUS
          01a226f7-a1b2-7c3d-8e4f-5a6b7c8d9e0f  recall  01a226f6-345b-7f3c-ad14-062214e8c272  urn:hst:member:FR  urn:hst:member:IT  2026-11-29 11:00:00Z  Active
          UPCOMING EXPIRIES (1)
          MESSAGE                               SOURCE             RETAIN UNTIL
          01a226f6-345b-7f3c-ad14-062214e8c273  urn:hst:member:DE  2026-12-24 09:00:00Z
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { DaysOption };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals();
        var retention = RetentionSettings.Read(context.Configuration);
        var days = ProductsCommand.Number(context.Arguments.Optional(DaysOption), DaysOption, retention.StatusDays, 1, 3650);
        var settings = context.Settings(nameof(HubOptions.DatabasePath));
        await using var store = context.OpenStore(settings);
        var now = context.Time.GetUtcNow();
        var until = now.AddDays(days);
        var status = await store.StatusAsync(until.ToUnixTimeMilliseconds(), cancellationToken);

        // Which holder has yet to confirm which message's order, which messages are due: holdings, audited as the other lists.
        await AuditedRead.RecordAsync(store, settings, OperatorActions.List, null, AuditDetail(days, status), cancellationToken);
        var serve = ServeLock.Probe(settings.DatabasePath);
        var access = DatabaseAccess.Read(settings.DatabasePath, DatabaseProgram.Hub);
        var crl = RevocationListStatus.Read(settings, context.Time);
        var credentials = CredentialsStatus.Read(settings, context.Time);
        if (context.Json)
        {
            context.WriteJson(StatusJson.Shape(status, serve, access, crl, credentials, now, until));
        }
        else
        {
            StatusText.Write(status, serve, access, crl, credentials, now, until, context.Out);
        }

        // As the node's status: a hub that does not serve needs attention, whatever the lifecycle shows, and so does a CRL
        // past its nextUpdate (the whole federation stops once it is stale), and so do credentials serve would refuse. A
        // database others may read does not fail it (DatabaseAccess): the access may be intended, and a check that cannot
        // clear is ignored; nor does a renewal due soon, which is a reminder.
        return serve.Running && crl?.Healthy != false && credentials?.Healthy != false ? HubCommandLine.Success : HubCommandLine.Failure;
    }

    internal static string AuditDetail(int days, HubStatus status) => string.Create(
        CultureInfo.InvariantCulture,
        $"status days={days} reviews={status.PendingReviews.Count} confirmations={status.OutstandingConfirmations.Count} expiries={status.UpcomingExpiries.Count}");
}
