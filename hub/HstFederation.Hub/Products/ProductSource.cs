using HstFederation.Hub.Lifecycle;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>
/// One hub-readable message as the product builders see it: its reference, its signed creation time, who may
/// read it, and the digests the builders aggregate (computed once, so the message itself is not kept while a
/// run builds products for every recipient). <see cref="Readers"/> is the source and those of its holders — the
/// recipients it signed, the parties the hub added by signed forward records — that the handling in force (the
/// signed header's as the source's restrictions left it) still lets keep it (<see cref="LifecycleRules.MayKeep"/>):
/// a product for a member is built only from the sources whose readers include it (<see cref="MayRead"/>).
/// </summary>
internal sealed class ProductSource
{
    private readonly IReadOnlyList<LifecycleHolder> _holders;

    private ProductSource(
        long hubSequence, MessageReference reference, long createdAtMs, Handling? handling, IReadOnlyList<LifecycleHolder> holders,
        IReadOnlySet<string> readers, CorridorDigest corridors, NetworkDigest network)
    {
        HubSequence = hubSequence;
        Reference = reference;
        CreatedAtMs = createdAtMs;
        Handling = handling;
        _holders = holders;
        Readers = readers;
        Corridors = corridors;
        Network = network;
    }

    /// <summary>Where the hub stores the message (0 for a source not read from the store).</summary>
    public long HubSequence { get; }

    public MessageReference Reference { get; }

    public long CreatedAtMs { get; }

    /// <summary>The handling in force when the source was read, that <see cref="Readers"/> follows (null: not read from the store).</summary>
    public Handling? Handling { get; }

    /// <summary>Party URIs that may read the message: the source, and the holders the handling in force lets keep it.</summary>
    public IReadOnlySet<string> Readers { get; }

    public CorridorDigest Corridors { get; }

    public NetworkDigest Network { get; }

    /// <param name="readers">Parties that may read it, as decided by the caller (the sender is added here).</param>
    public static ProductSource Create(MessageReference reference, long createdAtMs, HstMessage message, IEnumerable<string> readers)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(message);
        var sender = PartyId.Parse(reference.Sender);
        var parties = new HashSet<string>(readers, StringComparer.Ordinal) { sender.Uri };
        return new ProductSource(0, reference.Clone(), createdAtMs, null, [], parties, CorridorDigest.Of(message), NetworkDigest.Of(message, sender));
    }

    /// <summary>
    /// A stored message with its <paramref name="holders"/> (signed recipients, and parties given a forwarded copy) and
    /// the <paramref name="handling"/> in force: a holder it no longer lets keep its copy (excluded by a restriction, or
    /// a forwarded copy a stricter code forbids) does not read it.
    /// </summary>
    public static ProductSource Read(
        long hubSequence, MessageReference reference, long createdAtMs, HstMessage message, IReadOnlyList<LifecycleHolder> holders,
        Handling handling, HandlingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(message);
        var sender = PartyId.Parse(reference.Sender);
        return new ProductSource(
            hubSequence, reference.Clone(), createdAtMs, handling, holders, Readable(sender, holders, handling, policy),
            CorridorDigest.Of(message), NetworkDigest.Of(message, sender));
    }

    /// <summary>The same message under <paramref name="handling"/>, a restriction having changed it since it was read.</summary>
    public ProductSource InForce(Handling handling, HandlingPolicy policy) =>
        new(HubSequence, Reference, CreatedAtMs, handling, _holders, Readable(PartyId.Parse(Reference.Sender), _holders, handling, policy), Corridors, Network);

    public bool MayRead(PartyId party) => Readers.Contains(party.Uri);

    /// <summary>Creation time, then source, then message id: the order every product lists and numbers things in.</summary>
    public static int Compare(ProductSource a, ProductSource b)
    {
        var byTime = a.CreatedAtMs.CompareTo(b.CreatedAtMs);
        if (byTime != 0)
        {
            return byTime;
        }

        var bySender = string.CompareOrdinal(a.Reference.Sender, b.Reference.Sender);
        return bySender != 0 ? bySender : a.Reference.MessageId.Span.SequenceCompareTo(b.Reference.MessageId.Span);
    }

    /// <summary>
    /// Who may read a message of <paramref name="sender"/> under <paramref name="handling"/>: the sender, and each of its
    /// <paramref name="holders"/> that <see cref="LifecycleRules.MayKeep"/> lets keep its copy. The one rule both a run
    /// (which sources a product takes) and a restriction (which products built before it must go,
    /// <see cref="RestrictedProducts"/>) apply.
    /// </summary>
    public static HashSet<string> Readable(PartyId sender, IReadOnlyList<LifecycleHolder> holders, Handling handling, HandlingPolicy policy)
    {
        var parties = new HashSet<string>(StringComparer.Ordinal) { sender.Uri };
        foreach (var holder in holders)
        {
            if (LifecycleRules.MayKeep(handling, holder.Party, holder.ForwardedCopy, policy))
            {
                parties.Add(holder.Party.Uri);
            }
        }

        return parties;
    }
}
