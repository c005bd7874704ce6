using System.Security.Cryptography;
using Google.Protobuf;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Lifecycle;

/// <summary>
/// The source's orders (docs/lifecycle.md §3): one signed <see cref="LifecycleOrder"/> per version of the case that the hub
/// accepted and that is neither purged nor recalled, each bound to the header that version was sent with, all stored in
/// the order outbox in one commit before the caller hears they are queued; the order sender then takes them to the hub.
/// Only this node's own messages: the hub would refuse anything else as NOT_SOURCE, so it is refused here first. A recall
/// may also name a version sealed for the hub but not answered: signed now like the others, it waits in the order outbox
/// until the hub accepts that version (<see cref="PendingRecalls"/>).
/// </summary>
internal sealed class OrderIssuer(NodeStore store, PartyCredentials me, TimeProvider time, IRandomSource random, Action? queued = null)
{
    public async Task<IReadOnlyList<QueuedOrder>> IssueAsync(byte[] messageId, OrderRequest request, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var targets = await TargetsAsync(store, messageId, request.Verb, cancellationToken, request.MayWait).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var orders = new List<NewOrder>();
        var queuedOrders = new List<QueuedOrder>();
        foreach (var version in targets)
        {
            if (request.Check?.Invoke(version, EffectiveHandling(version)) is { } problem)
            {
                throw new LifecycleRefusedException($"version {version.Version} ({MessageIds.Format(version.MessageId)}): {problem}");
            }

            var order = new LifecycleOrder
            {
                Version = LifecycleOrders.CurrentVersion,
                OrderId = ByteString.CopyFrom(MessageIds.NewId(now, random)),
                MessageId = ByteString.CopyFrom(version.MessageId),
                Source = me.Party.Uri,
                HeaderSha256 = ByteString.CopyFrom(HeaderSha256(version)),
                Issuer = me.Party.Uri,
                IssuedAtMs = now.ToUnixTimeMilliseconds(),
            };
            request.Set(order);
            if (LifecycleOrders.CheckShape(order) is { } shape)
            {
                throw new LifecycleRefusedException(shape);
            }

            var action = LifecycleOrders.ActionName(order);
            orders.Add(new NewOrder(order.OrderId.ToByteArray(), version.LocalId, version.MessageId, action, LifecycleOrders.Sign(order, me).ToByteArray()));
            queuedOrders.Add(new QueuedOrder(order.OrderId.ToByteArray(), version.MessageId, version.Version, action));
        }

        IReadOnlyList<bool> pending;
        try
        {
            pending = await store.EnqueueOrdersAsync(orders, actor, request.ReviewDecision, cancellationToken).ConfigureAwait(false);
        }
        catch (OrderRefusedException e)
        {
            // A version changed between the read above and the enqueue's transaction (the hub answered, or it was resealed).
            throw new LifecycleRefusedException($"nothing was queued: {e.Message}", e);
        }

        queued?.Invoke();
        return [.. queuedOrders.Select((order, i) => order with { Pending = pending[i] })];
    }

    /// <summary>
    /// The versions an order can name: accepted by the hub (it holds them), not purged, not recalled. A version still
    /// queued has no hub copy to act on yet: refused until it is accepted, rather than leaving it out silently. With
    /// <paramref name="mayWait"/> (a recall) a queued version already sealed for the hub is named too, its order pending
    /// until the hub accepts it: a submit of it may have reached the hub, so only the hub's answer settles it; one never
    /// sealed is refused with the way to stop it for certain, 'cancel'.
    /// </summary>
    public static async Task<IReadOnlyList<SentVersion>> TargetsAsync(
        NodeStore store, byte[] messageId, string verb, CancellationToken cancellationToken, bool mayWait = false)
    {
        var versions = await store.CaseVersionsAsync(messageId, cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            throw await NotOursAsync(store, messageId, verb, cancellationToken).ConfigureAwait(false);
        }

        if (mayWait && versions.FirstOrDefault(v => v.State == OutboxState.Queued && !v.IsPurged && v.Envelope is null) is { } unsealed)
        {
            throw new LifecycleRefusedException(
                $"version {unsealed.Version} ({MessageIds.Format(unsealed.MessageId)}) is still queued and was never sealed for the hub, so the hub " +
                $"never received it: stop it with 'hst-node cancel {MessageIds.Format(unsealed.MessageId)}' instead (exact and immediate: it is " +
                $"never sent). Then {verb} the versions the hub holds, if any.");
        }

        if (!mayWait && versions.FirstOrDefault(v => v.State == OutboxState.Queued && !v.IsPurged) is { } waiting)
        {
            throw new LifecycleRefusedException(
                $"version {waiting.Version} ({MessageIds.Format(waiting.MessageId)}) is still queued for the hub; {verb} the case once the hub " +
                "has accepted it ('hst-node outbox --state queued'), or stop that version with 'hst-node cancel' if the hub never received it.");
        }

        var held = versions.Where(v => (v.State == OutboxState.Accepted || (mayWait && v.State == OutboxState.Queued))
            && !v.IsPurged && v.Envelope is not null).ToList();
        var targets = held.Where(v => !v.Recalled).ToList();
        if (targets.Count > 0)
        {
            return targets;
        }

        // Recalled already, its order perhaps still queued or pending: say so, so that a second recall (or a restriction
        // after one) is not read as the first one having failed.
        throw new LifecycleRefusedException(held.Count > 0
            ? $"the case is recalled already (its recall orders, queued, pending until the hub accepts the message, or sent, are listed by " +
              $"'hst-node show {MessageIds.Format(messageId)}'): a recall is final, there is nothing to {verb}."
            : $"no version of the case is still held at the hub (each is purged, recalled or was refused): there is nothing to {verb}.");
    }

    /// <summary>Why <paramref name="messageId"/> is not this node's to act on: another member's message, or none at all.</summary>
    public static async Task<Exception> NotOursAsync(NodeStore store, byte[] messageId, string verb, CancellationToken cancellationToken)
    {
        var found = await store.FindByMessageIdAsync(messageId, cancellationToken).ConfigureAwait(false);
        var id = MessageIds.Format(messageId);
        return found.Inbox.Count > 0
            ? new LifecycleRefusedException(
                $"message {id} was sent by {string.Join(", ", found.Inbox.Select(i => i.Entry.Message.Sender).Distinct())}, not by this NCB: " +
                $"only a message's source may {verb} it.")
            : new LifecycleRefusedException($"no message {id} in this NCB's outbox ('hst-node outbox' lists what it sent).");
    }

    public static Handling EffectiveHandling(SentVersion version) =>
        version.EffectiveHandling is { } restricted ? Handling.Parser.ParseFrom(restricted) : HstMessage.Parser.ParseFrom(version.Plaintext).Handling;

    public static byte[] HeaderSha256(SentVersion version) => SHA256.HashData(Envelope.Parser.ParseFrom(version.Envelope).Header.Span);
}
