using HstFederation.Entities;
using HstFederation.Hub.Directory;
using HstFederation.Hub.Outbound;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Products;

/// <summary>
/// Carries out one product run: reads the period's hub-readable messages once, then for each recipient — the
/// members named by the run, or else every active member that may read at least one of them — builds its
/// product from what it may read (<see cref="ProductBuilder"/>), and stores it as the hub's signed envelope
/// to that member (<see cref="HubOutbound"/>) together with its products row, the rows naming the messages it was built
/// from (<c>product_sources</c>: what a recall or expiry of one purges, <c>Lifecycle/PurgedProducts</c>, and a restriction
/// of one that no longer lets the recipient read it, <c>Lifecycle/RestrictedProducts</c>) and its audit
/// entry, one recipient per transaction. That transaction first reads again the lifecycle of the sources the product was built from
/// (<see cref="ProductSourceCheck"/>): if a recall, expiry, supersession or restriction committed since the run read
/// them, nothing is stored, the run's sources are brought up to date and the product is built again. A run interrupted by a stop stays pending and, resumed, skips the recipients already served
/// (products is unique per run and recipient), so nobody gets a run's product twice.
/// </summary>
internal sealed class ProductRunner(
    HubStore store, ProductSourceReader reader, HubOutbound outbound, MemberRegistry registry, TimeProvider time, ILogger<ProductRunner> logger,
    MatchingOptions? matching = null, IRandomSource? random = null)
{
    private readonly IRandomSource _random = random ?? SystemRandomSource.Instance;

    public async Task<int> RunAsync(ProductRunRecord run, CancellationToken cancellationToken)
    {
        var period = new ProductPeriod(DateTimeOffset.FromUnixTimeMilliseconds(run.PeriodStartMs), DateTimeOffset.FromUnixTimeMilliseconds(run.PeriodEndMs));
        var policy = await registry.PolicyAsync(cancellationToken);
        var read = await reader.ReadAsync(period, policy, cancellationToken);
        var sources = read.Sources.ToList();
        var byReference = sources.ToDictionary(source => source.Reference);
        var served = await store.ProductRecipientsAsync(run.RunId, cancellationToken);
        var recipients = run.Recipients ?? await ConcernedAsync(sources, period, cancellationToken);
        var outcome = new ProductRunOutcome(read.Unreadable);
        foreach (var recipient in recipients.Distinct().OrderBy(party => party.Code, StringComparer.Ordinal))
        {
            if (served.Contains(recipient.Uri))
            {
                outcome.Sent(recipient);
                continue;
            }

            while (true)
            {
                var now = time.GetUtcNow();
                var product = ProductBuilder.Build(run.Kind, recipient, period, sources, MessageIds.NewId(now, _random), now, matching);
                if (product.Sources.Count == 0 && run.Recipients is null)
                {
                    // Concerned, but none of what it may read has a route (or a person or organisation): nothing to send.
                    outcome.NothingToReport(recipient);
                    break;
                }

                // Every source the report was built from, before fitting: a truncated product may list only some of them
                // (ProductSize), and the check and the purge of a recall or expiry must reach all of them.
                var used = product.Sources.Select(reference => byReference[reference]).ToList();
                product = ProductSize.Fit(product, ProductSize.Budget);
                var (message, changed) = await store.WriteAsync(
                    context =>
                    {
                        // A recall or restriction committed since the sources were read: this product must not go out.
                        var changed = ProductSourceCheck.Changed(context.Connection, used);
                        if (changed.Count > 0)
                        {
                            return (null, changed);
                        }

                        var sent = outbound.Enqueue(context, recipient, product);
                        if (sent is not null)
                        {
                            ProductRows.InsertProduct(context, run.RunId, product, sent.MessageId, used.Select(source => source.HubSequence));
                        }

                        return (sent, changed);
                    },
                    cancellationToken);
                if (changed.Count > 0)
                {
                    // Built again from the sources as they now stand, for this recipient and every later one.
                    Refresh(sources, changed, policy);
                    byReference = sources.ToDictionary(source => source.Reference);
                    continue;
                }

                if (message is null)
                {
                    outcome.CannotReceive(recipient);
                }
                else
                {
                    outcome.Sent(recipient);
                }

                break;
            }
        }

        await store.CompleteProductRunAsync(run.RunId, outcome.Products, outcome.ToString(), cancellationToken);
        ProductLog.RunCompleted(logger, run.RunId, ProductRows.Name(run.Kind), outcome.Products, sources.Count, outcome.ToString());
        return outcome.Products;
    }

    /// <summary>A recalled, expired or superseded source leaves the run; a restricted one is read under its new handling.</summary>
    private static void Refresh(List<ProductSource> sources, IReadOnlyList<LifecycleState> changed, HandlingPolicy policy)
    {
        foreach (var state in changed)
        {
            var at = sources.FindIndex(source => source.HubSequence == state.HubSequence);
            if (!state.IsCurrent)
            {
                sources.RemoveAt(at);
            }
            else
            {
                sources[at] = sources[at].InForce(state.Handling, policy);
            }
        }
    }

    /// <summary>The NCBs concerned: active members that may read at least one message of the period.</summary>
    private async Task<IReadOnlyList<PartyId>> ConcernedAsync(IReadOnlyList<ProductSource> sources, ProductPeriod period, CancellationToken cancellationToken)
    {
        var directory = await store.ReadDirectoryAsync(cancellationToken);
        return directory.Members
            .Where(member => member.IsActive && ProductBuilder.Concerns(member.Party, period, sources))
            .Select(member => member.Party)
            .ToList();
    }
}
