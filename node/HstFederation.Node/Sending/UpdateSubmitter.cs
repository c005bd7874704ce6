using HstFederation.Node.Lifecycle;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;

namespace HstFederation.Node.Sending;

/// <summary>
/// A new version of a case this node sent (docs/lifecycle.md §2): only of its current version, which must still be held
/// (not refused, purged or recalled). The new message starts from that version's handling as in force (restrictions
/// included), so an update never quietly undoes a restriction; the caller's addressing and handling then apply as for
/// `send`, but the code may only stay or tighten. It is queued through <see cref="MessageSubmitter"/> (validated, durable,
/// sealed and sent like any message) with its lineage, which the sealer signs into the header.
/// </summary>
internal sealed class UpdateSubmitter(NodeStore store, MessageSubmitter submitter)
{
    public async Task<(EnqueuedMessage Queued, SentVersion Superseded)> UpdateAsync(
        byte[] messageId, SendRequest request, string reason, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var versions = await store.CaseVersionsAsync(messageId, cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            throw await OrderIssuer.NotOursAsync(store, messageId, "update", cancellationToken).ConfigureAwait(false);
        }

        var target = versions.Single(v => v.MessageId.AsSpan().SequenceEqual(messageId));
        var current = versions[^1];
        if (!ReferenceEquals(target, current))
        {
            throw new LifecycleRefusedException(
                $"message {MessageIds.Format(messageId)} is version {target.Version} of its case and was superseded; the current version is " +
                $"{current.Version}, {MessageIds.Format(current.MessageId)}: update that one.");
        }

        if (Withdrawn(target) is { } why)
        {
            throw new LifecycleRefusedException($"message {MessageIds.Format(messageId)} {why}: there is nothing to update.");
        }

        var inForce = OrderIssuer.EffectiveHandling(target);
        if (request.Handling is { } code && !LifecycleRules.IsAtLeastAsStrict(inForce.Code, code))
        {
            throw new LifecycleRefusedException(
                $"{code} is less strict than {inForce.Code}, the handling in force: an update keeps or tightens it (RestrictionLoosens).");
        }

        var message = request.Message.Clone();
        message.Handling = inForce.Clone();
        var update = request with { Message = message, Update = new UpdateOf(target.MessageId, target.Version + 1, reason) };
        return (await submitter.SubmitAsync(update, actor, cancellationToken).ConfigureAwait(false), target);
    }

    private static string? Withdrawn(SentVersion version) => version switch
    {
        { IsPurged: true } => "is purged",
        { Recalled: true } => "was recalled",
        { State: OutboxState.Rejected } => "was refused by the hub (send it again with 'hst-node send')",
        _ => null,
    };
}
