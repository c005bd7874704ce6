using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Agency;

/// <summary>
/// Decides what of the stored outbox and inbox an agency may see, and maps what it may see to the API's
/// messages. Inbox: only messages inside its read scope (handling code and every crime type). Outbox: its
/// own submissions, and others' inside its read scope. Whatever is outside is never returned, counted or
/// distinguished from a missing message. The handling judged and shown is the one in force: the source's last
/// restriction (the row's effective_handling, which the summary lists filter on also holds), else the signed one.
/// A purged copy (recalled, restricted away, expired) has no content left to show and is never served.
/// </summary>
internal static class AgencyVisibility
{
    /// <summary>
    /// The stored content as an HST message, or null when it is not one (the store keeps such content as
    /// received): an agency is shown only what it can be shown whole, and one such row never breaks a list or stream.
    /// </summary>
    private static HstMessage? Parse(byte[] plaintext)
    {
        try
        {
            return HstMessage.Parser.ParseFrom(plaintext);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether the agency may see the outbox message at all (a hit names it): its own submission, even once purged (it may
    /// follow it to the end), or another's whose content is held and inside its read scope.
    /// </summary>
    public static bool MaySee(OutboxEntry entry, AgencyCaller caller) =>
        Own(entry, caller) || (entry.Lifecycle.PurgedAtMs is null && Parse(entry.Plaintext) is { } message && InForce(message, entry.Lifecycle) is { } inForce && MayRead(caller.Scope, inForce));

    public static VisibleMessage? Outbox(OutboxEntry entry, AgencyCaller caller, string nodeParty)
    {
        if (entry.Lifecycle.PurgedAtMs is not null || Parse(entry.Plaintext) is not { } parsed)
        {
            return null;
        }

        var message = InForce(parsed, entry.Lifecycle);
        if (message is null || (!Own(entry, caller) && !MayRead(caller.Scope, message)))
        {
            return null;
        }

        var summary = Describe(message);
        summary.MessageId = MessageIds.Format(entry.MessageId);
        summary.Direction = MessageDirection.Outbox;
        summary.Sender = nodeParty;
        summary.Recipients.AddRange(entry.Addressees);
        summary.At = At(entry.CreatedAtMs);
        summary.State = entry.State switch
        {
            OutboxState.Queued => OutboxMessageState.Queued,
            OutboxState.Accepted => OutboxMessageState.Accepted,
            OutboxState.Rejected => OutboxMessageState.Rejected,
            _ => OutboxMessageState.Unspecified,
        };
        summary.RejectReason = entry.RejectReason ?? string.Empty;
        summary.RejectDetail = entry.RejectDetail ?? string.Empty;
        summary.DeliveryReceipts = (uint)entry.Deliveries.Count;
        return new VisibleMessage(summary, message, entry.LocalId);
    }

    public static VisibleMessage? Inbox(InboxEntry entry, AgencyCaller caller)
    {
        // What the hub itself sends (hits, products) is not an HST message: ListHits and ListProducts serve it.
        if (entry.Lifecycle.PurgedAtMs is not null || !entry.Message.IsHstMessage || Parse(entry.Message.Plaintext) is not { } message)
        {
            return null;
        }

        if (InForce(message, entry.Lifecycle) is not { } inForce || !MayRead(caller.Scope, inForce))
        {
            return null;
        }

        var summary = Describe(inForce);
        summary.MessageId = MessageIds.Format(entry.Message.MessageId);
        summary.Direction = MessageDirection.Inbox;
        summary.Sender = entry.Message.Sender;
        summary.At = At(entry.ReceivedAtMs);
        summary.InboxPosition = (ulong)entry.LocalId;
        return new VisibleMessage(summary, inForce, entry.LocalId);
    }

    private static bool Own(OutboxEntry entry, AgencyCaller caller) => string.Equals(entry.Actor, caller.Actor, StringComparison.Ordinal);

    public static bool MayRead(AgencyScope scope, HstMessage message) =>
        scope.MayRead(message.Handling?.Code ?? HandlingCode.Unspecified, [.. message.Case?.CrimeTypes ?? []]);

    /// <summary>
    /// The message under the handling in force: a restricted copy is judged and shown with the handling its source's
    /// restriction left (code and excluded members), never the one it first signed. Null (shown to no agency) when a
    /// restriction was stored but cannot be read: failing closed, not back to the handling first signed.
    /// </summary>
    private static HstMessage? InForce(HstMessage message, Ledger.CopyLifecycle lifecycle)
    {
        if (lifecycle.EffectiveHandlingUnreadable)
        {
            return null;
        }

        if (lifecycle.EffectiveHandling is { } inForce)
        {
            message.Handling = inForce.Clone();
        }

        return message;
    }

    private static AgencyMessageSummary Describe(HstMessage message)
    {
        var summary = new AgencyMessageSummary
        {
            Handling = message.Handling?.Code ?? HandlingCode.Unspecified,
            CaseReference = message.Case?.Reference ?? string.Empty,
            CaseTitle = message.Case?.Title ?? string.Empty,
        };
        summary.CrimeTypes.AddRange(message.Case?.CrimeTypes ?? []);
        return summary;
    }

    private static Timestamp? At(long unixMs) => StoredTime.Timestamp(unixMs);
}
