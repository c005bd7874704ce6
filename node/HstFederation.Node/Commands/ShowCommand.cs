using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using HstFederation.Node.Audit;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Ledger;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Commands;

/// <summary>`show &lt;message id&gt;`: one message in full — content, evidence, and who received it. Audited as a read.</summary>
internal sealed class ShowCommand : INodeCommand
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithIndentation());

    public string Name => "show";

    public string Summary => "One message in full: content, evidence (signature, receipts), who received it.";

    public string Help => """
        Usage: hst-node show <message id | outbox:N | inbox:N> [--json]

        Shows a message from the outbox or the inbox by its message id (as 'outbox' and 'inbox' list it; or its
        32 hex digits, as the hub's ledger takes it), or by its row: outbox:N or inbox:N, N the ID column of
        'outbox' and 'inbox' ('outbox #N' and 'inbox #N' as 'send' and 'show' print it are taken too):
          - sent by this NCB: when and by whom it was queued, its state, the hub's acceptance (hub
            sequence) or the refusal reason, per addressee whether its signed delivery receipt arrived, and the
            hub's hits on it ('hst-node hits') with their release;
          - received: the sender, its sequence, when it was stored, each hub forward (who forwarded it,
            when, to whom, and the source's signed consent when there is one, as for a released hit), and
            the evidence kept —
            the signer's certificate, the header and envelope SHA-256 (the envelope is kept exactly as
            received and was verified before it was stored), and that evidence re-checked now against the
            federation root and CRL (Node:RootCertificatePath, Node:RevocationListPath): the signature, and the
            signer's certificate as of when it signed, so a sender revoked since still stands behind it;
          - its lifecycle (docs/lifecycle.md): version, the version it supersedes and the reason, the newer
            version that superseded it, the handling in force (as restricted by its source) and the retention
            date; for a message this NCB sent, the orders it issued (recall, restrict, extend, lapse) with
            the hub's answer and each holder's confirmation, the hub's own expiry orders with the holders'
            confirmations relayed with them, and the hub's retention reviews with the decision;
            for a purged copy its tombstone (cause, when, the order) and no content;
          - a retention review from the hub: the message it is about and its retention date;
          - the content, as JSON (control and bidirectional-override characters shown as \uXXXX escapes;
            --json gives the content exactly).
        Every 'show' is written to the audit log as a read by operator:<user>.

        Example:
          $ hst-node show 0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b --config node.json
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>();

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals("<message id>");
        var selector = MessageSelector.Parse(context.Arguments.Positionals[0]);
        var options = context.StoreSettings();
        var evidence = EvidenceReport.For(options, context.Time);
        await using var store = context.OpenStore(options);
        var id = await selector.ResolveAsync(store, cancellationToken);
        var text = MessageIds.Format(id);
        var found = await store.FindByMessageIdAsync(id, cancellationToken);
        if (!found.IsFound)
        {
            throw new CommandFailedException($"no message {text} in the outbox or the inbox.");
        }

        await store.AuditAsync(CommandContext.Actor, NodeAuditActions.Read, id, "show", cancellationToken);
        var hits = found.Outbox is null ? [] : await store.HitsForMessageAsync(id, cancellationToken);
        var tombstone = await store.TombstoneAsync(id, cancellationToken);
        var sent = found.Outbox is null ? null : (await store.LedgerAsync(id, cancellationToken)).Sent;
        var expiries = found.Outbox is null ? [] : await store.ExpiryReportsAsync(id, cancellationToken);
        var shown = new Shown(tombstone, sent?.Orders ?? [], sent?.HubOrders ?? [], sent?.Reviews ?? [], expiries);
        if (context.Json)
        {
            context.WriteJson(new
            {
                MessageId = text,
                Outbox = found.Outbox is { } outboxFound ? OutboxJson(outboxFound.Entry, hits, shown) : null,
                Inbox = found.Inbox.Select(i => InboxJson(i.Entry, i.Entry.Lifecycle.PurgedAtMs is not null ? null : evidence(i.Entry.Message.Envelope), shown)),
            });
            return NodeCommandLine.Success;
        }

        context.Out.WriteLine($"Message {text}");
        if (found.Outbox is { } outbox)
        {
            WriteOutbox(context.Out, outbox.Entry, hits, shown);
        }

        foreach (var inbox in found.Inbox)
        {
            WriteInbox(context.Out, inbox.Entry, inbox.Entry.Lifecycle.PurgedAtMs is not null ? null : evidence(inbox.Entry.Message.Envelope), shown);
        }

        return NodeCommandLine.Success;
    }

    /// <summary>
    /// The lifecycle records `show` adds: the tombstone (if purged) and, for a message this node sent, its orders, the hub's
    /// own orders about it (the expiry) whose confirmations were relayed, the reviews, and the hub's expiry reports
    /// (recipients that never acknowledged it before it expired).
    /// </summary>
    private sealed record Shown(
        Tombstone? Tombstone, IReadOnlyList<SentOrder> Orders, IReadOnlyList<HubOrder> HubOrders, IReadOnlyList<LedgerReview> Reviews,
        IReadOnlyList<ExpiredUndelivered> Expiries);

    private static void WriteOutbox(TextWriter output, OutboxEntry entry, IReadOnlyList<HitEntry> hits, Shown shown)
    {
        output.WriteLine();
        output.WriteLine($"Sent by this NCB (outbox #{entry.LocalId}, sequence {entry.Sequence}), queued {Display.Time(entry.CreatedAtMs)} by {Display.Safe(entry.Actor)}");
        output.WriteLine(entry.State switch
        {
            OutboxState.Accepted => $"  accepted by the hub {Display.Time(entry.StateAtMs)} at hub sequence {entry.HubSequence} (signed acceptance receipt kept)",
            OutboxState.Rejected => $"  REJECTED {Display.Time(entry.StateAtMs)}: {entry.RejectReason}: {Display.Safe(entry.RejectDetail)}",
            _ => entry.Envelope is null ? "  queued: not yet sealed or submitted" : "  queued: sealed, waiting for the hub's acceptance",
        });
        var signed = entry.Lifecycle.PurgedAtMs is not null ? null : HstMessage.Parser.ParseFrom(entry.Plaintext).Handling;
        foreach (var line in LifecycleDisplay.Lines(entry.Lifecycle, signed, shown.Tombstone)
            .Concat(LifecycleDisplay.Orders(shown.Orders)).Concat(LifecycleDisplay.HubOrders(shown.HubOrders))
            .Concat(LifecycleDisplay.Reviews(shown.Reviews)).Concat(LifecycleDisplay.ExpiryReports(shown.Expiries)))
        {
            output.WriteLine(line);
        }

        output.WriteLine("  addressees:");
        foreach (var addressee in entry.Addressees)
        {
            var delivery = entry.Deliveries.FirstOrDefault(d => d.Recipient == addressee);
            output.WriteLine(delivery is null
                ? $"    {Display.Party(addressee),-6} no delivery receipt yet"
                : $"    {Display.Party(addressee),-6} delivered {Display.Time(delivery.ReceivedAtMs)} (signed delivery receipt kept)");
        }

        foreach (var hit in hits)
        {
            output.WriteLine($"  hit {IntelligenceIds.Short(hit.HitId)} (hst-node hits show): {Display.Party(hit.OtherSender)} holds a matching message, " +
                $"score {IntelligenceDisplay.Score(hit.Notification.Score)}; release: {IntelligenceDisplay.Release(hit)}");
        }

        if (entry.Lifecycle.PurgedAtMs is null)
        {
            WriteContent(output, entry.Plaintext);
        }
    }

    private static void WriteInbox(TextWriter output, InboxEntry entry, EvidenceReport? evidence, Shown shown)
    {
        var message = entry.Message;
        output.WriteLine();
        output.WriteLine($"Received from {Display.Party(message.Sender)} (inbox #{entry.LocalId}, sender sequence {message.Sequence}), stored {Display.Time(entry.ReceivedAtMs)}" +
            (message.Forwards > 0 ? $", forwarded by the hub {message.Forwards} time(s)" : string.Empty));
        if (message.IsHstMessage)
        {
            var signed = entry.Lifecycle.PurgedAtMs is not null ? null : StoredHeaders.Header(message.Envelope).Handling;
            foreach (var line in LifecycleDisplay.Lines(entry.Lifecycle, signed, shown.Tombstone))
            {
                output.WriteLine(line);
            }
        }

        if (evidence is null)
        {
            // Purged: the envelope and content are gone; the header hash and receipts remain.
            output.WriteLine($"  header SHA-256:   {Convert.ToHexStringLower(message.HeaderHash)}");
            return;
        }

        output.WriteLine("  verified before it was stored (signature, certificates, addressing, handling, key commitment)");
        foreach (var forward in ForwardReport.Of(message.Envelope))
        {
            output.WriteLine("  " + forward.Line());
        }
        output.WriteLine(Display.Safe(evidence.Line()));
        if (Signer(message.Envelope) is { } certificate)
        {
            using (certificate)
            {
                output.WriteLine($"  signer certificate: {Display.Safe(certificate.Subject)}, serial {certificate.SerialNumber}, " +
                    $"valid {Display.Time(certificate.NotBefore.ToUniversalTime())} to {Display.Time(certificate.NotAfter.ToUniversalTime())}");
            }
        }

        output.WriteLine($"  header SHA-256:   {Convert.ToHexStringLower(message.HeaderHash)}");
        output.WriteLine($"  envelope SHA-256: {Convert.ToHexStringLower(SHA256.HashData(message.Envelope))} ({message.Envelope.Length.ToString(CultureInfo.InvariantCulture)} bytes, kept as received)");
        if (message.IsHstMessage)
        {
            WriteContent(output, message.Plaintext);
        }
        else if (message.ContentType == ProtocolVersions.RetentionReviewContentType)
        {
            var review = RetentionReview.Parser.ParseFrom(message.Plaintext);
            output.WriteLine($"  content: a retention review from the hub of this NCB's message {MessageIds.Format(review.MessageId.Span)}: retained until " +
                $"{Display.Time(review.RetainUntilMs)}, {review.Holders} holder(s); 'hst-node show {MessageIds.Format(review.MessageId.Span)}' shows its decision");
        }
        else if (message.ContentType == ProtocolVersions.ExpiryReportContentType)
        {
            var report = ExpiryReport.Parser.ParseFrom(message.Plaintext);
            output.WriteLine($"  content: the hub's report that this NCB's message {MessageIds.Format(report.MessageId.Span)} expired {Display.Time(report.ExpiredAtMs)} " +
                $"before {report.Undelivered.Count} recipient(s) acknowledged it; 'hst-node show {MessageIds.Format(report.MessageId.Span)}' names them");
        }
        else if (message.ContentType == ProtocolVersions.HubWithdrawalContentType)
        {
            // Ids, numbers, causes: what the notice names, never content (the withdrawn messages are purged or were never held).
            output.WriteLine("  content: the hub's withdrawal of its own messages to this NCB:");
            foreach (var withdrawn in HubWithdrawal.Parser.ParseFrom(message.Plaintext).Withdrawn)
            {
                var because = withdrawn.BecauseOf is { } cause ? $" because of {Display.Party(cause.Sender)}'s {MessageIds.Format(cause.MessageId.Span)}" : string.Empty;
                output.WriteLine($"    {MessageIds.Format(withdrawn.MessageId.Span)} (number {withdrawn.RecipientSequence.ToString(CultureInfo.InvariantCulture)}, " +
                    $"{Display.Safe(withdrawn.ContentType)}): {withdrawn.Cause.ToString().ToLowerInvariant()}{because}");
            }
        }
        else
        {
            output.WriteLine($"  content: {Display.Safe(message.ContentType)} from the hub, not an HST message ({HubCommand(message.ContentType)} shows it)");
        }
    }

    /// <summary>The command that shows what the hub sent, by its content type.</summary>
    private static string HubCommand(string contentType) =>
        contentType == HubContent.HitNotificationType ? "'hst-node hits'" : contentType == HubContent.AnalyticalProductType ? "'hst-node products'" : "no command";

    private static void WriteContent(TextWriter output, byte[] plaintext)
    {
        output.WriteLine("  content:");
        string json;
        try
        {
            json = Json.Format(HstMessage.Parser.ParseFrom(plaintext));
        }
        catch (InvalidProtocolBufferException)
        {
            output.WriteLine($"    (not an HST message: {plaintext.Length.ToString(CultureInfo.InvariantCulture)} bytes)");
            return;
        }

        foreach (var line in json.Split('\n'))
        {
            output.WriteLine("    " + Display.Safe(line.TrimEnd('\r')));
        }
    }

    private static X509Certificate2? Signer(byte[] envelope)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(Envelope.Parser.ParseFrom(envelope).SenderCertificate.Span);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or CryptographicException)
        {
            return null;
        }
    }

    private static object OutboxJson(OutboxEntry entry, IReadOnlyList<HitEntry> hits, Shown shown) => new
    {
        Lifecycle = LifecycleDisplay.Json(entry.Lifecycle, entry.Lifecycle.PurgedAtMs is not null ? null : HstMessage.Parser.ParseFrom(entry.Plaintext).Handling, shown.Tombstone),
        Orders = LifecycleDisplay.OrdersJson(shown.Orders),
        HubOrders = LifecycleDisplay.HubOrdersJson(shown.HubOrders),
        Reviews = LifecycleDisplay.ReviewsJson(shown.Reviews),
        ExpiredUndelivered = LifecycleDisplay.ExpiryReportsJson(shown.Expiries),
        entry.LocalId, entry.Sequence, entry.Actor, QueuedAt = StoredTime.Of(entry.CreatedAtMs),
        State = entry.State.ToString().ToLowerInvariant(), StateAt = StoredTime.Of(entry.StateAtMs),
        entry.HubSequence, entry.RejectReason, entry.RejectDetail,
        Addressees = entry.Addressees.Select(a => new
        {
            Party = Display.Party(a),
            DeliveredAt = entry.Deliveries.FirstOrDefault(d => d.Recipient == a) is { } d ? StoredTime.Of(d.ReceivedAtMs) : null,
        }),
        Hits = hits.Select(h => new { HitId = IntelligenceIds.Format(h.HitId), OtherSender = Display.Party(h.OtherSender), Release = IntelligenceDisplay.ReleaseJson(h.Release), Withdrawn = IntelligenceDisplay.WithdrawnJson(h.Withdrawn) }),
        Content = entry.Lifecycle.PurgedAtMs is not null ? null : Content(entry.Plaintext),
    };

    private static object InboxJson(InboxEntry entry, EvidenceReport? evidence, Shown shown) => new
    {
        Lifecycle = entry.Message.IsHstMessage
            ? LifecycleDisplay.Json(entry.Lifecycle, entry.Lifecycle.PurgedAtMs is not null ? null : StoredHeaders.Header(entry.Message.Envelope).Handling, shown.Tombstone)
            : null,
        entry.LocalId, Sender = Display.Party(entry.Message.Sender), entry.Message.Sequence, entry.Message.Forwards,
        ReceivedAt = StoredTime.Of(entry.ReceivedAtMs),
        HeaderSha256 = Convert.ToHexStringLower(entry.Message.HeaderHash),
        EnvelopeSha256 = entry.Lifecycle.PurgedAtMs is not null ? null : Convert.ToHexStringLower(SHA256.HashData(entry.Message.Envelope)),
        Evidence = evidence?.Json(),
        ForwardRecords = ForwardReport.Of(entry.Message.Envelope).Select(f => f.Json()),
        entry.Message.ContentType,
        Content = entry.Message.IsHstMessage && entry.Lifecycle.PurgedAtMs is null ? Content(entry.Message.Plaintext) : null,
        Review = entry.Message.ContentType == ProtocolVersions.RetentionReviewContentType ? ReviewJson(entry.Message.Plaintext) : null,
    };

    private static object ReviewJson(byte[] plaintext)
    {
        var review = RetentionReview.Parser.ParseFrom(plaintext);
        return new
        {
            MessageId = MessageIds.Format(review.MessageId.Span), RetainUntil = StoredTime.Of(review.RetainUntilMs),
            RequestedAt = StoredTime.Of(review.RequestedAtMs), review.Holders,
        };
    }

    /// <summary>The content as a JSON element (protobuf JSON mapping), exactly as stored.</summary>
    private static System.Text.Json.JsonElement? Content(byte[] plaintext)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(JsonFormatter.Default.Format(HstMessage.Parser.ParseFrom(plaintext)));
            return document.RootElement.Clone();
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
