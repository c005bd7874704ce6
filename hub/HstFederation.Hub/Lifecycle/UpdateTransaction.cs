using HstFederation.Hub.Audit;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Lifecycle;

/// <summary>
/// An update (docs/lifecycle.md §2) inside the accept transaction, so the checks and the new version's storage are one
/// atomic step: two updates of the same version cannot both pass (and <c>message_lifecycle.supersedes</c> is UNIQUE).
/// </summary>
internal static class UpdateTransaction
{
    /// <summary>The version <paramref name="submitted"/> supersedes, or why it may not.</summary>
    public static EnvelopeResult<LifecycleState> Check(
        WriteContext context, PartyId sender, SubmittedHeader submitted, IReadOnlyList<PartyId> recipients)
    {
        var connection = context.Connection;
        var lineage = submitted.Header.Lineage;
        var stored = LifecycleStates.FindById(connection, lineage.SupersedesMessageId.ToByteArray());
        if (stored.Count == 0)
        {
            return new Rejection(RejectionReason.MessageUnknown, "the hub holds no message with lineage.supersedes_message_id");
        }

        // Ids are unique per sender only: another member's message with this id is not the caller's to update.
        if (stored.FindIndex(m => m.Sender == sender.Uri) is var index && index < 0)
        {
            return new Rejection(RejectionReason.NotSource, $"{sender} did not send the message this update supersedes");
        }

        var superseded = LifecycleStates.Ensure(connection, stored[index].HubSequence);
        if (!superseded.HeaderSha256.AsSpan().SequenceEqual(lineage.SupersedesHeaderSha256.Span))
        {
            return new Rejection(RejectionReason.MessageUnknown, "lineage.supersedes_header_sha256 is not the stored message's header hash");
        }

        if (superseded.IsWithdrawn)
        {
            return new Rejection(RejectionReason.MessageWithdrawn, $"the superseded message was {superseded.State.ToString().ToLowerInvariant()}");
        }

        if (superseded.SupersededBy is not null)
        {
            return new Rejection(RejectionReason.UpdateInvalid, $"version {superseded.Version} was already superseded: update the current version");
        }

        if (lineage.Version != superseded.Version + 1)
        {
            return new Rejection(RejectionReason.UpdateInvalid, $"lineage.version is {lineage.Version}; the superseded message is version {superseded.Version}, so its update is version {superseded.Version + 1}");
        }

        // Every direct recipient that may still keep the superseded version must get the new one: leaving one out
        // would narrow the audience without the restriction that tells that holder to purge.
        var dropped = LifecycleHolder.Of(connection, superseded.HubSequence)
            .Where(h => !h.ForwardedCopy && !recipients.Contains(h.Party) && LifecycleRules.MayKeep(superseded.Handling, h.Party, forwardedCopy: false, submitted.Policy))
            .Select(h => h.Party.Uri)
            .ToList();
        return dropped.Count > 0
            ? new Rejection(RejectionReason.UpdateInvalid, $"the recipients leave out {string.Join(", ", dropped)}, which may still hold version {superseded.Version}; narrowing the audience is a restriction")
            : EnvelopeResult<LifecycleState>.Success(superseded);
    }

    /// <summary>
    /// The stored update at <paramref name="hubSequence"/> supersedes <paramref name="superseded"/>: the old version is
    /// marked and leaves matching (its entities and tokens deleted, the worker's index told); its envelope stays
    /// deliverable. The intelligence worker indexes the new version like any message.
    /// </summary>
    /// <param name="certificate">The serial of the TLS client certificate the update was submitted through.</param>
    public static void Supersede(WriteContext context, LifecycleState superseded, long hubSequence, PartyId sender, int version, string? certificate)
    {
        LifecycleStates.SetSupersededBy(context.Connection, superseded.HubSequence, hubSequence);
        HubCopies.PurgeDerived(context, superseded.HubSequence);
        HubAudit.Append(context.Connection, context.NowMs, sender.Uri, AuditActions.Supersede, superseded.MessageId,
            $"hub_sequence={superseded.HubSequence} by={hubSequence} version={version}", certificate);
    }
}
