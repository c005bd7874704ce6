using HstFederation.Hub.Hosting;
using HstFederation.Hub.Lifecycle;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>
/// Reads the members' messages of a period from the store and opens each the hub may read with the hub's key
/// (<see cref="EnvelopeOpener.OpenStored"/>: every signature checked again, expiry not), keeping only its digests
/// and who may read it: the source, and those of the signed recipients and the parties added by the hub's signed
/// forwards that the handling in force still lets keep it (<see cref="ProductSource.Read"/>): a member a restriction
/// excluded, or whose forwarded copy a stricter code forbids, reads nothing of it in a product.
/// Direct exchanges the hub may not read are passed over; a message that no longer verifies is left out and
/// logged; stale trust data fails the whole run (retried later) rather than producing from what is left.
/// </summary>
internal sealed class ProductSourceReader
{
    private const int PageSize = 256;

    private readonly HubStore _store;
    private readonly HubCredentials _credentials;
    private readonly ILogger _logger;
    private readonly EnvelopeVerifier _verifier;
    private readonly EnvelopeOpener _opener;

    public ProductSourceReader(HubStore store, HubCredentials credentials, ILogger<ProductSourceReader> logger)
    {
        _store = store;
        _credentials = credentials;
        _logger = logger;

        // Regions play no part in re-verifying a kept envelope (EnvelopeVerifier.VerifyStored).
        _verifier = new EnvelopeVerifier(credentials.Trust, HandlingPolicy.WithoutRegions);
        _opener = new EnvelopeOpener(_verifier);
    }

    /// <param name="policy">The directory's regions, for whether an H1 message's forwarded copy is still within its addressees.</param>
    public async Task<ProductSourceSet> ReadAsync(ProductPeriod period, HandlingPolicy policy, CancellationToken cancellationToken)
    {
        var sources = new List<ProductSource>();
        var unreadable = 0;
        var (created, after) = (period.StartMs, 0L);
        while (true)
        {
            var page = await _store.ReadProductSourcesAsync(created, after, period.EndMs, PageSize, cancellationToken);
            foreach (var row in page)
            {
                var opened = _opener.OpenStored(row.Envelope, _credentials.Party);
                if (opened.IsSuccess)
                {
                    var reference = new MessageReference { Sender = row.Sender, MessageId = Google.Protobuf.ByteString.CopyFrom(row.MessageId) };
                    var holders = opened.Value!.Verified.Audience.Select(r => new LifecycleHolder(PartyId.Parse(r.Party), ForwardedCopy: false))
                        .Concat(ForwardedTo(row).Select(party => new LifecycleHolder(PartyId.Parse(party), ForwardedCopy: true)))
                        .ToList();
                    var handling = row.Handling ?? opened.Value.Verified.Header.Handling;
                    sources.Add(ProductSource.Read(row.HubSequence, reference, row.CreatedAtMs, opened.Value.Message, holders, handling, policy));
                }
                else if (opened.Reason == RejectionReason.TrustDataStale)
                {
                    throw new ProductRunException("the federation CRL is stale: stored messages cannot be verified until a fresh CRL is in place");
                }
                else if (opened.Reason != RejectionReason.NotARecipient)
                {
                    unreadable++;
                    ProductLog.SourceUnreadable(_logger, row.HubSequence, opened.Reason);
                }
            }

            if (page.Count < PageSize)
            {
                return new ProductSourceSet(sources, unreadable);
            }

            (created, after) = (page[^1].CreatedAtMs, page[^1].HubSequence);
        }
    }

    /// <summary>
    /// The parties the hub's releases added (docs/intelligence.md): each forwarded envelope is verified again and must
    /// carry the same message of the same source; one that does not adds nobody.
    /// </summary>
    private IEnumerable<string> ForwardedTo(StoredSource row)
    {
        foreach (var forwarded in row.Forwarded)
        {
            if (forwarded.Length == 0)
            {
                // Purged: its holder may no longer keep the message (a restriction), so it adds nobody.
                continue;
            }

            var verified = _verifier.VerifyStored(forwarded);
            if (verified.IsSuccess && verified.Value!.Header.Sender == row.Sender && verified.Value.MessageId.Span.SequenceEqual(row.MessageId))
            {
                foreach (var forward in verified.Value.Forwards)
                {
                    foreach (var added in forward.Record.AddedRecipients)
                    {
                        yield return added.Party;
                    }
                }
            }
            else
            {
                ProductLog.SourceUnreadable(_logger, row.HubSequence, verified.IsSuccess ? RejectionReason.ForwardInvalid : verified.Reason);
            }
        }
    }
}
