using System.Globalization;
using Google.Protobuf;
using WriteContext = HstFederation.Hub.Storage.WriteContext;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Lifecycle;
using HstFederation.Hub.Outbound;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Retention;

/// <summary>
/// Asks a message's source whether to keep it past its retention date (docs/lifecycle.md §5): one write records the
/// review (once per message and date: the row's primary key), stores the hub-signed <see cref="RetentionReview"/>
/// for the source (<see cref="HubOutbound"/>) and audits it — all or nothing, so a crash between them cannot lose
/// the review or send it twice.
/// </summary>
internal sealed class RetentionReviewer(HubStore store, HubOutbound outbound, ILogger<RetentionReviewer> logger)
{
    /// <summary>True when this call asked; false when the review of this date had been asked already.</summary>
    public async Task<bool> ReviewAsync(RetentionCandidate message, CancellationToken cancellationToken)
    {
        var (asked, sent) = await store.WriteAsync(context => Review(context, message), cancellationToken);
        if (asked && sent is null)
        {
            RetentionLog.ReviewUndeliverable(logger, message.HubSequence, message.Source.Uri);
        }
        else if (asked)
        {
            RetentionLog.ReviewSent(logger, message.HubSequence, DateTimeOffset.FromUnixTimeMilliseconds(message.RetainUntilMs), message.Source.Uri);
        }

        return asked;
    }

    private (bool Asked, OutboundMessage? Sent) Review(WriteContext context, RetentionCandidate message)
    {
        // Read before this write: an extension, a recall or an expiry may have come since.
        if (LifecycleStates.Find(context.Connection, message.HubSequence) is not { State: MessageState.Active } state
            || state.RetainUntilMs != message.RetainUntilMs
            || !RetentionRows.TryAddReview(context, message.HubSequence, message.RetainUntilMs))
        {
            return (false, null);
        }

        var review = new RetentionReview
        {
            MessageId = ByteString.CopyFrom(message.MessageId),
            HeaderSha256 = ByteString.CopyFrom(message.HeaderSha256),
            RetainUntilMs = message.RetainUntilMs,
            RequestedAtMs = context.NowMs,
            Holders = (uint)LifecycleHolder.Of(context.Connection, message.HubSequence).Count,
        };
        var sent = outbound.Enqueue(context, message.Source, review);
        if (sent is not null)
        {
            RetentionRows.SetReviewMessage(context, message.HubSequence, message.RetainUntilMs, sent.HubSequence);
        }

        HubAudit.Append(
            context.Connection, context.NowMs, PartyId.Hub.Uri, AuditActions.RetentionReview, message.MessageId,
            $"hub_sequence={Number(message.HubSequence)} retain_until_ms={Number(message.RetainUntilMs)} to={message.Source.Uri} " +
            (sent is null ? "undeliverable" : "review_hub_sequence=" + Number(sent.HubSequence)));
        return (true, sent);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
