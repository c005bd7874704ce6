using System.Globalization;
using HstFederation.Hosting;
using HstFederation.Node.Hosting;
using HstFederation.Node.HubLink;
using HstFederation.Node.Ledger;
using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.Logging.Abstractions;

namespace HstFederation.Node.Commands;

/// <summary>`status`: the hub link (probed now), queue depths, latest activity, certificate and CRL dates, encryption keys, directory age.</summary>
internal sealed class StatusCommand : INodeCommand
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public string Name => "status";

    /// <summary>From this many days before the first of this NCB's certificates expires, `status` reminds the officer to renew.</summary>
    public const int RenewWithinDays = 30;

    public string Summary => "Hub link, queue depths, last delivery, certificate expiry, encryption keys, directory age.";

    public string Help => """
        Usage: hst-node status [--config FILE] [--days N] [--json]

        Probes the hub now (fetching and verifying its signed member directory over mutual TLS, within 5 s) and
        reports: whether 'hst-node serve' is running on this database (its pid and start time), or NOT running: then
        nothing queued leaves and nothing arrives until it runs; whether the database is OPEN TO OTHERS (readable or
        writable by its group or others, as serve warns at start, event 5012: its mode and the chmod that restricts
        it; informs, does not change the exit code); whether the hub is reachable and why not; the
        directory's serial, age and expiry; what serve recorded of its hub link in <database>.serve.link ('Hub
        link': since when the hub has not answered it, when it last did, the problem, the member directory and the
        CRL serve holds and how old they are, the messages waiting; NOT CURRENT when not written by the serve running
        now; informs, does not change the exit code); the outbox (queued, accepted, rejected, receipts still awaited), the
        inbox, quarantined deliveries and open alarms (sequence, withdrawal mismatch), products left unrecorded at
        upgrade (no purge of a source reaches them; informs, does not change the exit code), and how many numbers
        the hub declared withdrawn that this node never received (its word alone; informs, does not change the exit
        code); when the hub last accepted a message, when the last delivery and the last delivery receipt arrived;
        this node's clock against the hub's (from the hub's Date header) and the messages the hub refused for time;
        the last head of the hub's audit chain this node recorded (serve records each new one the hub signs, about
        hourly: the General Secretariat checks its chain against it with 'hst-hub verify-audit --recorded-head') and
        how many went back (a restore or a rewrite at the hub; informs, does not change the exit code);
        how many queued messages were numbered again because the hub already held their numbers from this NCB, the
        hub's highest and when (this node restored from a backup, else another node runs with this NCB's credentials:
        rule that out; informs, does not change the exit code);
        the expiry of this NCB's certificates, the federation root and the CRL (OVERDUE once past its nextUpdate,
        with when Node:RevocationGrace runs out and every certificate is refused, and where to put a fresh one); and
        its encryption keys: the current
        one (key id, validity) and each previous key kept for opening only under previous/NAME/ in the party
        directory (NAME, key id, validity: remove one 90 days after the re-enrolment that replaced it, docs/node.md
        "Renewing keys"). The hub line also says when this NCB is not active in the hub's directory (SUSPENDED,
        REVOKED, not enrolled: the hub then refuses what the node sends). Exit code 0 when serve is running, the hub
        is reachable and lists this NCB as active, nothing is quarantined or
        alarmed (a clock skew beyond the 5 min tolerance, or a refusal for time newer than the last acceptance, is
        an alarm) and the CRL is not overdue, 1 otherwise. Then the lifecycle (docs/lifecycle.md §6): retention reviews the hub sent that are
        still undecided, holders that have not yet confirmed an order this NCB issued (and for how long), stored
        copies whose retention date falls within the next N days (--days, default 30, at most 3660: this node purges
        them then), orders the hub refused, and this NCB's messages the hub expired before some recipients
        acknowledged them (from the hub's expiry reports, naming those recipients); up to 20 of each are listed,
        most urgent (for the expired ones, the latest) first. These inform and do not change the exit code.

        When this NCB's credentials cannot be used because the CRL is stale or revokes them (send and serve then
        refuse to run), status still reports all it can from the database and the files: the problem comes first
        ('Credentials  REFUSED, ...': what it stops and what helps), the hub is not probed, the Outbox line says what
        becomes of the queued messages (kept; revoked: they cannot be sent until this NCB has new certificates
        enrolled again at the hub; 'hst-node cancel' stops one), the usual one-line refusal goes to stderr, exit 1.

        Example:
          $ hst-node status --config node.json
          Node         urn:hst:member:FR
          Serve        running (pid 4711, started 2026-11-29 08:00:12Z)
          Hub          reachable (https://127.0.0.1:7443): directory serial 7, issued 2 min ago, expires 2026-11-30 10:00:00Z
          Hub link     serve (pid 4711) says the hub answers, last at 2026-11-29 10:01:57Z; holds directory serial 7, ...
          Outbox       0 queued, 41 accepted, 1 rejected, 0 receipts awaited; last accepted 2026-11-29 10:01:57Z
          ...
        """;

    private const string DaysOption = "--days";

    private const string NotServed = "nothing queued leaves, nothing arrives, until 'hst-node serve' runs on this database";

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { DaysOption };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals();
        var days = context.Arguments.PositiveInt(DaysOption, 30, 3660);
        var (options, credentials) = context.HeldIdentity();
        var trust = credentials.Trust;
        StoreStatus status;
        LifecycleStatus lifecycle;
        (HubAuditHeadRecord? Last, long WentBack) auditHeads;
        RenumberingSummary? renumbering;
        var nowMs = context.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await using (var store = context.OpenStore(options))
        {
            status = await store.StatusAsync(cancellationToken);
            lifecycle = await store.LifecycleStatusAsync(nowMs, nowMs + (long)TimeSpan.FromDays(days).TotalMilliseconds, cancellationToken);
            auditHeads = store.HubAuditHeadSummary();
            renumbering = store.RenumberingSummary();
        }

        var refusal = credentials.Refusal;
        var (directory, hubProblem, skew) = credentials.Loaded is { } loaded
            ? await ProbeAsync(options.HubAddress, loaded, context.Time, cancellationToken)
            : (null, NotProbed(refusal!), null);
        var clock = ClockReport.From(options.ClockOffset, skew, trust.Options.MaxClockSkew, status);
        var now = context.Time.GetUtcNow();
        var crl = trust.RevocationList;
        var root = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(trust.RootCertificateDer.Span);
        var keys = EncryptionKeyReport.From(credentials.Encryption, credentials.PreviousEncryption, options.CredentialsDirectory);
        // A reminder, as the hub's status gives one: it informs and does not change the exit code.
        var firstExpiry = new[] { credentials.Tls.NotAfter, credentials.Signing.NotAfter, credentials.Encryption.NotAfter }.Min();
        var daysLeft = (int)Math.Floor((firstExpiry - now).TotalDays);
        var renewSoon = daysLeft < RenewWithinDays;
        var serve = ServeLock.Probe(options.DatabasePath);
        var link = HubLinkReport.Read(options.DatabasePath, serve);
        // Informs, as the hub's status does, and does not make it unhealthy (DatabaseAccess says why).
        var access = DatabaseAccess.Read(options.DatabasePath, DatabaseProgram.Node);
        var standing = MemberStanding.Of(directory, credentials.Party);
        var standingProblem = MemberStanding.Problem(standing);
        // Past its nextUpdate the CRL still serves for RevocationGrace, then nothing is verified or sealed: say so while there is time.
        var crlStaleAt = crl is null ? (DateTimeOffset?)null : crl.NextUpdate + trust.Options.RevocationGrace;
        var crlOverdue = crl is not null && now > crl.NextUpdate;
        var blocked = QueuedBlocked(refusal, status.Queued);
        var healthy = refusal is null && serve.Running && hubProblem is null && standingProblem is null && status.Quarantined == 0 && status.Alarms == 0
            && !clock.Alarm && !crlOverdue;
        if (refusal is not null)
        {
            // The line every command that needs these credentials prints, where a check reading stderr has always found it.
            context.Error.WriteLine($"hst-node {Name}: {refusal.Refused}");
        }

        if (context.Json)
        {
            context.WriteJson(new
            {
                Node = credentials.Party,
                Credentials = new { Usable = refusal is null, Problem = refusal?.Kind.ToString(), Detail = refusal is null ? null : TrustLine(refusal, options) },
                Serve = new { serve.Running, serve.Pid, serve.Since, Problem = serve.Running ? null : NotServed },
                Database = access.Json(),
                Hub = new
                {
                    Address = options.HubAddress, Probed = credentials.Loaded is not null, Reachable = hubProblem is null, Problem = hubProblem,
                    DirectorySerial = directory?.Serial, DirectoryIssuedAt = At(directory?.IssuedAtMs), DirectoryExpiresAt = At(directory?.ExpiresAtMs),
                    MemberStatus = MemberStanding.Name(standing), MemberProblem = standingProblem,
                },
                HubLink = link.Json(now),
                Store = status,
                QueuedBlocked = blocked,
                HubAudit = new { Head = auditHeads.Last?.Head, IssuedAt = At(auditHeads.Last?.IssuedAtMs), auditHeads.WentBack },
                Renumbered = renumbering,
                Clock = clock.Json(),
                Certificates = new
                {
                    TlsNotAfter = credentials.Tls.NotAfter.UtcDateTime, SigningNotAfter = credentials.Signing.NotAfter,
                    EncryptionNotAfter = credentials.Encryption.NotAfter, RootNotAfter = root.NotAfter.ToUniversalTime(),
                    CrlNumber = crl?.Number.ToString(CultureInfo.InvariantCulture), CrlNextUpdate = crl?.NextUpdate, CrlOverdue = crlOverdue, CrlStaleAt = crlStaleAt,
                    DaysLeft = daysLeft, RenewSoon = renewSoon,
                },
                EncryptionKeys = keys.Json(),
                Lifecycle = LifecycleStatusText.Json(lifecycle, days, nowMs),
                Healthy = healthy,
            });
            return healthy ? NodeCommandLine.Success : NodeCommandLine.Failure;
        }

        List<(string Label, string Value)> lines = [];
        lines.Add(("Node", credentials.Party));
        if (refusal is not null)
        {
            lines.Add(("Credentials", TrustLine(refusal, options)));
        }

        lines.Add(("Serve", serve.Running ? $"running{serve.Describe()}" : $"NOT running: {NotServed}"));
        if (access.Line is { } databaseLine)
        {
            lines.Add(("Database", databaseLine));
        }

        lines.Add(("Hub", hubProblem is null
            ? $"reachable ({options.HubAddress}): directory serial {directory!.Serial}, issued {Ago(now, directory.IssuedAtMs)}, expires {Display.Time(directory.ExpiresAtMs)}"
                + (standingProblem is null ? string.Empty : $"; {standingProblem}")
            : credentials.Loaded is null ? $"NOT PROBED ({options.HubAddress}): {hubProblem}"
            : $"UNREACHABLE ({options.HubAddress}): {hubProblem}"));
        lines.Add(("Hub link", link.Line(now, status.Queued)));
        lines.Add(("Outbox", $"{status.Queued} queued, {status.Accepted} accepted, {status.Rejected} rejected, {status.AwaitingDeliveryReceipts} receipts awaited; " +
            $"last accepted {Latest(status.LastAcceptedAtMs)}" + (blocked is null ? string.Empty : $"; {blocked}")));
        lines.Add(("Inbox", $"{InboxLine(status)}; last delivery {Latest(status.LastReceivedAtMs)}; last delivery receipt {Latest(status.LastDeliveryReceiptAtMs)}" +
            (status.UnrecordedProducts == 0 ? string.Empty : $"; {status.UnrecordedProducts} products left unrecorded at upgrade (hst-node products; 'products discard' removes one)")));
        lines.Add(("Quarantine", status.Quarantined == 0 ? "none" : $"{status.Quarantined} deliveries refused on verification (hst-node quarantine; resolve each once looked into)"));
        lines.Add(("Alarms", (status.Alarms == 0 ? "none" : $"{status.Alarms} open alarms: sequence gaps or reorders, withdrawal mismatches (hst-node quarantine; resolve each once looked into)") +
            $"; {status.WithdrawnNeverReceived} numbers the hub declared withdrawn were never received here"));
        lines.Add(("Hub audit", HubAuditLine(auditHeads.Last, auditHeads.WentBack)));
        lines.Add(("Renumbered", RenumberedLine(renumbering)));
        lines.Add(("Clock", clock.Line()));
        lines.Add(("Certificates", $"TLS until {Display.Time(credentials.Tls.NotAfter)}, " +
            $"signing until {Display.Time(credentials.Signing.NotAfter)}, encryption until {Display.Time(credentials.Encryption.NotAfter)}" +
            (refusal?.Kind == CredentialsRefusalKind.Revoked ? "; REVOKED" : string.Empty) +
            (renewSoon ? $"; RENEW: the first expires in {daysLeft} day(s) (docs/node.md, \"Renewing keys\")" : string.Empty)));
        lines.AddRange(keys.Lines(now));
        lines.Add(("Federation", $"root until {Display.Time(root.NotAfter.ToUniversalTime())}; " +
            (crl is null ? "no CRL"
                : refusal?.Kind == CredentialsRefusalKind.RevocationDataStale ? $"CRL number {crl.Number} STALE since {Display.Time(crlStaleAt!.Value)} " +
                    $"(due for renewal {Display.Time(crl.NextUpdate)}, then Node:RevocationGrace): put a fresh CRL from the CA operator at {options.RevocationListPath}"
                : crlOverdue ? $"CRL number {crl.Number} OVERDUE: due for renewal {Display.Time(crl.NextUpdate)}; from {Display.Time(crlStaleAt!.Value)} " +
                    $"(Node:RevocationGrace) every certificate is refused and nothing is verified or sealed: put a fresh CRL from the CA operator at {options.RevocationListPath}"
                : $"CRL number {crl.Number} due for renewal {Display.Time(crl.NextUpdate)}")));
        lines.AddRange(LifecycleStatusText.Lines(lifecycle, days));
        foreach (var (label, value) in lines)
        {
            context.Out.WriteLine($"{label,-13}{Display.Safe(value)}");
        }

        LifecycleStatusText.WriteDetails(lifecycle, nowMs, context.Out);

        return healthy ? NodeCommandLine.Success : NodeCommandLine.Failure;
    }

    /// <summary>The `Credentials` line: what is wrong, what it stops, and the one thing that helps.</summary>
    private static string TrustLine(CredentialsRefusal refusal, NodeOptions options) => refusal.Kind switch
    {
        CredentialsRefusalKind.RevocationDataStale =>
            $"REFUSED, THE CRL IS STALE: {refusal.Detail}. No certificate can be judged, this NCB's own included (they are not at fault): " +
            $"nothing is verified, sealed or sent, no connection to the hub is made, and 'serve' cannot start, until a fresh federation CRL " +
            $"from the CA operator is at {options.RevocationListPath}",
        _ =>
            $"REFUSED, THIS NCB IS REVOKED: {refusal.Detail}. Nothing more is signed or sent with these credentials and 'serve' cannot start " +
            "with them: only new certificates from the CA operator, enrolled again at the hub by the General Secretariat, bring this NCB back",
    };

    /// <summary>Why the hub was not asked: these credentials cannot make the connection.</summary>
    private static string NotProbed(CredentialsRefusal refusal) => refusal.Kind == CredentialsRefusalKind.RevocationDataStale
        ? "with a stale CRL the hub's certificate cannot be judged either (Credentials, above)"
        : "the hub refuses revoked credentials (Credentials, above)";

    /// <summary>What becomes of the queued messages while the credentials are refused; null when nothing keeps them from leaving.</summary>
    internal static string? QueuedBlocked(CredentialsRefusal? refusal, long queued) => (refusal?.Kind, queued) switch
    {
        (null, _) or (_, 0) => null,
        (CredentialsRefusalKind.RevocationDataStale, _) =>
            $"the {queued} queued wait, kept: nothing is sealed or sent until a fresh CRL is in place",
        _ => $"the {queued} queued CANNOT BE SENT while this NCB is revoked: they are kept queued, nothing is lost; they can leave only once this NCB has " +
            "new certificates from the CA operator, enrolled again at the hub (ask the General Secretariat), and 'serve' runs with them; " +
            "'hst-node cancel <id>' stops one that must not wait (hst-node outbox --state queued lists them)",
    };

    private static async Task<(MemberDirectory? Directory, string? Problem, TimeSpan? Skew)> ProbeAsync(
        string address, NodeCredentials credentials, TimeProvider time, CancellationToken cancellationToken)
    {
        using var hub = new HubConnection(new Uri(address), credentials.TlsCertificate, credentials.Trust);
        var directory = new MemberDirectoryCache(hub, credentials.Trust, time, TimeSpan.Zero, NullLogger.Instance);
        using var timeout = new CancellationTokenSource(ProbeTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return (await directory.RefreshAsync(linked.Token), null, directory.HubClockSkew);
        }
        catch (DirectoryUnavailableException error)
        {
            // A directory that expired by this node's clock still came with the hub's Date: the skew explains it.
            return (null, Problem(error), directory.HubClockSkew);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return (null, $"no answer within {ProbeTimeout.TotalSeconds} s", null);
        }
    }

    private static string Problem(DirectoryUnavailableException error) =>
        error.InnerException is Grpc.Core.RpcException rpc ? HubCallProblem.Describe(rpc) : error.Message;

    private static DateTimeOffset? At(long? unixMs) => StoredTime.Of(unixMs);

    /// <summary>"7 stored: 4 messages, 1 purged, 2 hit notifications, 0 products": what the total counts, so it matches `inbox`.</summary>
    private static string InboxLine(StoreStatus status)
    {
        var kinds = status.InboxKinds;
        return $"{status.Inbox} stored: {Count(kinds.Messages, "message")} (as 'hst-node inbox' lists them), {kinds.PurgedMessages} purged, " +
            $"{Count(kinds.HitNotifications, "hit notification")}, {Count(kinds.Products, "product")}" + (kinds.Other == 0 ? string.Empty : $", {kinds.Other} other");
    }

    /// <summary>"1 product", "0 products".</summary>
    private static string Count(long count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Latest(long? unixMs) => unixMs is { } ms ? Display.Time(ms) : "never";

    private static string Ago(DateTimeOffset now, long unixMs)
    {
        if (StoredTime.Of(unixMs) is not { } at)
        {
            return Display.Time(unixMs);
        }

        var age = now - at;
        return age.TotalMinutes < 1 ? "just now" : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min ago" : $"{age.TotalHours:F1} h ago";
    }

    private static string RenumberedLine(RenumberingSummary? renumbering) => renumbering is null
        ? "none (no message of this node's numbered again after the hub held its number)"
        : $"{renumbering.Messages} messages after the hub held sequence {renumbering.HubHighest} (last at {Display.Time(renumbering.LastAtMs)}): " +
          "this node was probably restored from a backup; if it was not, another node runs with this NCB's credentials (rule that out)";

    private static string HubAuditLine(HubAuditHeadRecord? last, long wentBack) =>
        (last is null ? "no head of the hub's audit chain recorded yet ('serve' records one at each new head the hub signs)"
            : $"head {last.Head}, issued {Display.Time(last.IssuedAtMs)}")
        + (wentBack == 0 ? string.Empty
            : $"; {wentBack} WENT BACK (the hub's history lost or rewrote entries: the hub-audit-head entries of this node's audit log name both heads; tell the General Secretariat)");
}
