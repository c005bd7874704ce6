using HstFederation.Hub.Directory;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Lifecycle;
using HstFederation.Hub.Outbound;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>
/// Records the sources of the products stored before migration 10 (<c>product_sources</c>), which only the product
/// itself named. The migration cannot: the product is encrypted (to its recipient and the hub), and only the serving hub
/// has the hub's key. So the product loop's first turn opens the hub's own copy of each such product
/// (<see cref="EnvelopeOpener"/>: the hub's signature checked again, expiry not), reads
/// <see cref="AnalyticalProduct.Sources"/> and records them, each product in one writer transaction; a source recalled
/// or expired before then purges the product there and then (<see cref="PurgedProducts.PurgeOne"/>), as its recall or
/// expiry would have, and so does a source whose restriction no longer lets the product's recipient read it
/// (<see cref="RestrictedProducts.PurgeIfUnreadable"/>). An order committing meanwhile either precedes that transaction
/// (and is seen by it) or follows it (and finds the rows). A product purged so is announced to its recipient in that
/// transaction (<see cref="HubWithdrawalNotices"/>), as the order's own transaction would have. A product the hub cannot open is logged (event 707) and left for the next start.
/// </summary>
internal sealed class ProductSourceBackfill
{
    private const int PageSize = 16;

    private readonly HubStore _store;
    private readonly MemberRegistry _registry;
    private readonly HubCredentials _credentials;
    private readonly HubOutbound _outbound;
    private readonly ILogger _logger;
    private readonly EnvelopeVerifier _verifier;

    public ProductSourceBackfill(HubStore store, MemberRegistry registry, HubCredentials credentials, HubOutbound outbound, ILogger<ProductSourceBackfill> logger)
    {
        _store = store;
        _registry = registry;
        _credentials = credentials;
        _outbound = outbound;
        _logger = logger;
        _verifier = new EnvelopeVerifier(credentials.Trust, HandlingPolicy.WithoutRegions);
    }

    /// <summary>Returns how many products got their sources recorded.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var (recorded, purged) = (0, 0);
        var after = new byte[16];
        HandlingPolicy? policy = null;
        while (true)
        {
            var page = await _store.ReadUnrecordedProductsAsync(after, PageSize, cancellationToken);
            foreach (var (productId, envelope) in page)
            {
                if (Open(productId, envelope) is { } product)
                {
                    // The directory's regions, for whether an H1 message's forwarded copy is still within its addressees.
                    var inForce = policy ??= await _registry.PolicyAsync(cancellationToken);
                    purged += await _store.WriteAsync(
                        context =>
                        {
                            var withdrawn = Record(context, productId, product, inForce);
                            HubWithdrawalNotices.Send(context, _outbound);
                            return withdrawn ? 1 : 0;
                        },
                        cancellationToken);
                    recorded++;
                }
            }

            if (page.Count < PageSize)
            {
                break;
            }

            after = page[^1].ProductId;
        }

        if (recorded > 0)
        {
            ProductLog.SourcesBackfilled(_logger, recorded, purged);
        }

        return recorded;
    }

    private AnalyticalProduct? Open(byte[] productId, byte[] envelope)
    {
        var verified = _verifier.VerifyStored(envelope);
        if (!verified.IsSuccess)
        {
            return Unreadable(productId, verified.Reason);
        }

        var opened = EnvelopeOpener.OpenContent(verified.Value!, _credentials.Party);
        if (!opened.IsSuccess)
        {
            return Unreadable(productId, opened.Reason);
        }

        if (opened.Value!.ContentType != ProtocolVersions.AnalyticalProductContentType)
        {
            return Unreadable(productId, RejectionReason.MalformedContent);
        }

        var product = opened.Value.Parse(AnalyticalProduct.Parser);
        return product.IsSuccess ? product.Value : Unreadable(productId, product.Reason);
    }

    private AnalyticalProduct? Unreadable(byte[] productId, RejectionReason reason)
    {
        ProductLog.ProductUnreadable(_logger, Convert.ToHexStringLower(productId), reason);
        return null;
    }

    /// <summary>The product's sources as the store holds them; true when one was already withdrawn or restricted and the product purged.</summary>
    private static bool Record(WriteContext context, byte[] productId, AnalyticalProduct product, HandlingPolicy policy)
    {
        var sources = new List<(long HubSequence, MessageState State)>();
        foreach (var reference in product.Sources)
        {
            var row = context.Connection.Query(
                """
                SELECT m.hub_sequence, coalesce(l.state, 1) FROM messages m LEFT JOIN message_lifecycle l ON l.hub_sequence = m.hub_sequence
                WHERE m.sender = $sender AND m.message_id = $id;
                """,
                reader => reader.Read() ? (reader.GetInt64(0), (MessageState)reader.GetInt64(1)) : default((long, MessageState)?),
                ("$sender", reference.Sender),
                ("$id", reference.MessageId.ToByteArray()));
            if (row is { } source)
            {
                sources.Add(source);
            }
        }

        ProductRows.InsertSources(context, productId, sources.Select(source => source.HubSequence));
        var withdrawn = sources.FindIndex(source => source.State != MessageState.Active);
        if (withdrawn >= 0)
        {
            PurgedProducts.PurgeOne(context, productId, sources[withdrawn].HubSequence);
            return true;
        }

        return RestrictedProducts.PurgeIfUnreadable(context, productId, sources.Select(source => source.HubSequence), policy);
    }
}
