using Google.Protobuf;
using WriteContext = HstFederation.Hub.Storage.WriteContext;
using Google.Protobuf.WellKnownTypes;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Intake;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Outbound;

/// <summary>
/// The hub's own messages — hit notifications, analytical products (intelligence.proto) — as ordinary envelopes: signed
/// by urn:hst:hub:IPSG, content_type the content's full protobuf name, encrypted to exactly one member and to the hub
/// itself (handling H3, hub_may_read: the policy puts the hub among the recipients of whatever it may read, and that
/// lets the hub re-open what it sent), stored with one delivery row like a submission. The hub's per-sender sequence
/// and its count of messages to the member are taken and advanced in the writer transaction that stores the message,
/// so both are gapless; a caller that enqueues inside its own write (a hit and its notifications) commits or rolls
/// back with it. docs/intelligence.md §1.
/// </summary>
internal sealed class HubOutbound(HubStore store, HubCredentials credentials, HubOptions options, TimeProvider time)
{
    /// <summary>How long each of the hub's envelopes may still be delivered: the longest the protocol allows, so a suspended member gets it on return.</summary>
    public static readonly TimeSpan Lifetime = EnvelopeLimits.Default.MaxLifetime;

    private readonly EnvelopeSealer _sealer = new(time, HandlingPolicy.WithoutRegions);

    /// <summary>
    /// Seals <paramref name="content"/> for <paramref name="recipient"/> and stores it inside the caller's writer
    /// transaction. Null (and a <c>send-skipped</c> audit entry) when the recipient cannot receive: not enrolled,
    /// revoked, or without a valid encryption certificate. A suspended member's message waits for it.
    /// </summary>
    public OutboundMessage? Enqueue(WriteContext context, PartyId recipient, IMessage content)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(content);
        var contentType = content.Descriptor.FullName;
        var key = RecipientKey(context, recipient, out var problem);
        if (key is null)
        {
            HubAudit.Append(context.Connection, context.NowMs, PartyId.Hub.Uri, AuditActions.SendSkipped, null,
                $"to={recipient.Uri} content={contentType}: {problem}");
            return null;
        }

        var (sequence, recipientSequence) = OutboundTransaction.NextSequences(context, recipient);
        var sealedEnvelope = _sealer.SealContent(
            content, HandlingFor(recipient, time.GetUtcNow()), credentials.Party, [key, credentials.Party.Encryption],
            new SealOptions
            {
                Sequence = (ulong)sequence,
                RecipientSequences = new Dictionary<string, ulong> { [recipient.Uri] = (ulong)recipientSequence },
                Lifetime = Lifetime,
            });
        var header = sealedEnvelope.Header;
        var bytes = sealedEnvelope.Bytes.ToArray();
        var submission = Submission.Create(PartyId.Hub, header.MessageId.ToByteArray(), sequence, header.CreatedAtMs, header.ExpiresAtMs, bytes, [recipient])
            with { AuditNote = $"to={recipient.Uri} content={contentType}" };
        submission.Validate();
        var outcome = AcceptTransaction.Execute(
            context, submission, (hubSequence, acceptedAtMs) => AcceptanceReceipts.Sign(header, bytes, [recipient], hubSequence, acceptedAtMs, credentials.Party),
            options.MaxSequenceJump, AuditActions.Send);
        if (outcome.Status != AcceptStatus.Accepted)
        {
            // The numbers come from this transaction, so only a bug can get here; the caller's whole operation rolls back.
            throw new InvalidOperationException($"The store refused the hub's own message ({outcome.Status} {outcome.Reason}).");
        }

        OutboundTransaction.RecordRecipientSequence(context, recipient, recipientSequence);
        return new OutboundMessage(recipient, submission.MessageId, outcome.HubSequence, sequence, recipientSequence);
    }

    /// <summary><see cref="Enqueue"/> in a write of its own; completes once it is committed.</summary>
    public Task<OutboundMessage?> SendAsync(PartyId recipient, IMessage content, CancellationToken cancellationToken = default) =>
        store.WriteAsync(context => Enqueue(context, recipient, content), cancellationToken);

    /// <summary>H3 (the recipient may not pass it on through the hub), addressed to the one member, readable by the hub.</summary>
    private static Handling HandlingFor(PartyId recipient, DateTimeOffset now) => new()
    {
        Code = HandlingCode.H3,
        HubMayRead = true,
        Addressees = new Addressees { Members = { recipient.Code } },
        RetainUntil = Timestamp.FromDateTimeOffset(now.AddYears(5)),
    };

    private CertifiedKey? RecipientKey(WriteContext context, PartyId recipient, out string problem)
    {
        if (recipient.IsHub || OutboundTransaction.Recipient(context, recipient) is not { } member)
        {
            problem = "not an enrolled member";
            return null;
        }

        if (member.Status is not (MemberStatus.Active or MemberStatus.Suspended))
        {
            problem = $"member status {member.Status}";
            return null;
        }

        var check = credentials.Trust.Validate(member.EncryptionCertificate, CertificatePurpose.MessageEncryption, time.GetUtcNow());
        if (!check.IsValid || check.Key!.Party != recipient)
        {
            problem = "no valid encryption certificate: " + check.Detail;
            return null;
        }

        problem = string.Empty;
        return check.Key;
    }
}
