using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>
/// One hub-readable message as the product builders see it: its reference, its signed creation time, who may
/// read it, and the digests the builders aggregate (computed once, so the message itself is not kept while a
/// run builds products for every recipient). <see cref="Readers"/> is the source, the recipients it signed and
/// the parties the hub added by signed forward records: a product for a member is built only from the
/// sources whose readers include it (<see cref="MayRead"/>).
/// </summary>
internal sealed class ProductSource
{
    private ProductSource(MessageReference reference, long createdAtMs, IReadOnlySet<string> readers, CorridorDigest corridors, NetworkDigest network)
    {
        Reference = reference;
        CreatedAtMs = createdAtMs;
        Readers = readers;
        Corridors = corridors;
        Network = network;
    }

    public MessageReference Reference { get; }

    public long CreatedAtMs { get; }

    /// <summary>Party URIs that may read the message: the source, its recipients, and parties added by forwards.</summary>
    public IReadOnlySet<string> Readers { get; }

    public CorridorDigest Corridors { get; }

    public NetworkDigest Network { get; }

    /// <param name="readers">The header's recipients and the parties added by forward records (the sender is added here).</param>
    public static ProductSource Create(MessageReference reference, long createdAtMs, HstMessage message, IEnumerable<string> readers)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(message);
        var sender = PartyId.Parse(reference.Sender);
        var parties = new HashSet<string>(readers, StringComparer.Ordinal) { sender.Uri };
        return new ProductSource(reference.Clone(), createdAtMs, parties, CorridorDigest.Of(message), NetworkDigest.Of(message, sender));
    }

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
}
