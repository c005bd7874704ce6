using System.Globalization;
using Grpc.Core;
using HstFederation.Node.Audit;
using HstFederation.Node.Intelligence;
using HstFederation.Protocol.Validation;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Agency;

/// <summary>The hub's hits and products on the agency API: ListHits, ReleaseHit, ListProducts, GetProduct.</summary>
internal sealed partial class AgencyGatewayService
{
    public override Task<AgencyHitList> ListHits(AgencyListRequest request, ServerCallContext context) =>
        ListedAsync(IntelligenceBrowser.HitsList, request, context, intelligence.ListHitsAsync, r => r.Hits.Count);

    /// <summary>The releaser audits the attempt and records a final outcome; a miss is audited here, like a read of nothing.</summary>
    public override async Task<AgencyHit> ReleaseHit(AgencyReleaseHitRequest request, ServerCallContext context)
    {
        var caller = AgencyCaller.Of(context);
        var id = Id("hit_id", request.HitId);
        var hit = await intelligence.FindHitAsync(caller, id, context.CancellationToken);
        if (hit is null)
        {
            await store.AuditAsync(caller.Actor, NodeAuditActions.Release, null, $"ReleaseHit hit={IntelligenceIds.Format(id)} not found", caller.Certificate, CancellationToken.None);
            throw new AgencyException(StatusCode.NotFound, AgencyReasons.HitNotFound, $"no hit {request.HitId} that this agency may see");
        }

        // The hub is asked in the NCB's name whatever happens to the agency's call: once it forwarded, the outcome is recorded.
        var outcome = await releaser.ReleaseAsync(hit, caller.Actor, caller.Certificate, CancellationToken.None);
        // An agency that may not see the other message is not told who it is, in the answer or the refusal (its detail may name it).
        var other = await intelligence.MaySeeOtherAsync(caller, hit, CancellationToken.None);
        return outcome.Result switch
        {
            ReleaseResult.Released => AgencyIntelligence.Hit((await intelligence.FindHitAsync(caller, id, CancellationToken.None)) ?? hit, outcome.Duplicate, other),
            ReleaseResult.Refused => throw new AgencyException(StatusCode.FailedPrecondition, AgencyReasons.ReleaseRefused, other
                ? $"the release to {outcome.ReleasedTo} was refused: {outcome.Reason}: {outcome.Detail}"
                : $"the release to the hit's other source was refused: {outcome.Reason}"),
            _ => throw new AgencyException(StatusCode.Unavailable, AgencyReasons.HubUnavailable,
                $"the hub could not be reached or answer ({outcome.Reason}); nothing was released or recorded; retry later"),
        };
    }

    public override Task<AgencyProductList> ListProducts(AgencyListRequest request, ServerCallContext context) =>
        ListedAsync(IntelligenceBrowser.ProductsList, request, context, intelligence.ListProductsAsync, r => r.Products.Count);

    public override async Task<AgencyProduct> GetProduct(AgencyGetProductRequest request, ServerCallContext context)
    {
        var caller = AgencyCaller.Of(context);
        var id = Id("product_id", request.ProductId);
        var format = request.Format.ToLowerInvariant();
        if (format.Length > 0 && !NetworkExport.Formats.Contains(format))
        {
            throw AgencyException.Invalid("format", ErrorCodes.InvalidFormat, "empty, graphml or dot");
        }

        var found = await intelligence.FindProductAsync(caller, id, context.CancellationToken);
        var action = format.Length == 0 ? NodeAuditActions.Read : NodeAuditActions.Export;
        var detail = $"GetProduct product={IntelligenceIds.Format(id)}" + (format.Length == 0 ? string.Empty : " format=" + format);
        await store.AuditAsync(caller.Actor, action, null, found is null ? detail + " not found" : detail, caller.Certificate, CancellationToken.None);
        if (found is null)
        {
            throw new AgencyException(StatusCode.NotFound, AgencyReasons.ProductNotFound, $"no product {request.ProductId} that this agency may see");
        }

        var response = new AgencyProduct { Summary = AgencyIntelligence.Summary(found.Summary), Product = found.Product };
        if (format.Length > 0)
        {
            try
            {
                response.Export = NetworkExport.Write(found.Product, format);
            }
            catch (ArgumentException e)
            {
                throw AgencyException.Invalid("format", ErrorCodes.InvalidFormat, e.Message);
            }
        }

        return response;
    }

    /// <summary>One page of <paramref name="list"/> for the caller, audited as a list with how many it returned.</summary>
    private async Task<T> ListedAsync<T>(
        string list, AgencyListRequest request, ServerCallContext context, Func<AgencyCaller, PageRequest, CancellationToken, Task<T>> read, Func<T, int> count)
    {
        var caller = AgencyCaller.Of(context);
        var page = PageRequest.Parse(pageTokens, caller, list, request.PageSize, request.PageToken);
        var response = await read(caller, page, context.CancellationToken);
        await store.AuditAsync(caller.Actor, NodeAuditActions.List, null,
            $"{list} returned={count(response).ToString(CultureInfo.InvariantCulture)}", caller.Certificate, CancellationToken.None);
        return response;
    }

    /// <summary>A whole hit or product id: 32 hex digits (dashes allowed), as ListHits and ListProducts return them.</summary>
    private static byte[] Id(string field, string text) =>
        IntelligenceIds.Parse(text) ?? throw AgencyException.Invalid(field, ErrorCodes.InvalidFormat, "not an id: 32 hex digits, as the list returns it");
}
