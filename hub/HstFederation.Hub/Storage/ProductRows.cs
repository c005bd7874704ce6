using System.Globalization;
using HstFederation.Hub.Audit;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>
/// The product tables inside a writer transaction, each change with its audit entry. Audit details name runs,
/// kinds, periods, recipients and counts — never anything a product says.
/// </summary>
internal static class ProductRows
{
    public static long InsertRun(
        WriteContext context, ProductKind kind, ProductOrigin origin, long periodStartMs, long periodEndMs, IReadOnlyList<PartyId>? recipients, string requestedBy)
    {
        var list = recipients is null ? null : string.Join(',', recipients.Select(party => party.Code));
        var runId = (long)context.Connection.Scalar(
            """
            INSERT INTO product_runs (kind, origin, period_start_ms, period_end_ms, recipients, requested_at_ms, requested_by)
            VALUES ($kind, $origin, $start, $end, $recipients, $at, $by) RETURNING run_id;
            """,
            ("$kind", (int)kind), ("$origin", (int)origin), ("$start", periodStartMs), ("$end", periodEndMs),
            ("$recipients", list), ("$at", context.NowMs), ("$by", requestedBy))!;
        HubAudit.Append(context.Connection, context.NowMs, requestedBy, AuditActions.ProductRequest, null,
            $"run={runId} kind={Name(kind)} origin={origin} period={Period(periodStartMs, periodEndMs)} to={list ?? "concerned"}");
        return runId;
    }

    /// <summary>
    /// Records a product sent in the same transaction as the hub's envelope that carries it, with the stored messages it
    /// was built from (<paramref name="builtFrom"/>, hub sequences): what a recall or expiry of one of them purges.
    /// </summary>
    public static void InsertProduct(WriteContext context, long runId, AnalyticalProduct product, byte[] messageId, IEnumerable<long> builtFrom)
    {
        context.Connection.Execute(
            """
            INSERT INTO products (product_id, run_id, kind, recipient, period_start_ms, period_end_ms, produced_at_ms, source_count, truncated, message_id)
            VALUES ($id, $run, $kind, $recipient, $start, $end, $produced, $sources, $truncated, $message);
            """,
            ("$id", product.ProductId.ToByteArray()), ("$run", runId), ("$kind", (int)product.Kind), ("$recipient", product.Recipient),
            ("$start", product.PeriodStartMs), ("$end", product.PeriodEndMs), ("$produced", product.ProducedAtMs),
            ("$sources", product.Sources.Count), ("$truncated", product.Truncated ? 1 : 0), ("$message", messageId));
        HubAudit.Append(context.Connection, context.NowMs, PartyId.Hub.Uri, AuditActions.Product, messageId,
            $"run={runId} product={Convert.ToHexStringLower(product.ProductId.Span)} kind={Name(product.Kind)} to={product.Recipient} " +
            $"period={Period(product.PeriodStartMs, product.PeriodEndMs)} sources={product.Sources.Count} truncated={(product.Truncated ? "yes" : "no")}");
        InsertSources(context, product.ProductId.ToByteArray(), builtFrom);
    }

    /// <summary>The product's sources (<c>product_sources</c>, migration 10); one already recorded is left as it is.</summary>
    public static void InsertSources(WriteContext context, byte[] productId, IEnumerable<long> hubSequences)
    {
        foreach (var hubSequence in hubSequences)
        {
            context.Connection.Execute(
                "INSERT INTO product_sources (product_id, hub_sequence) VALUES ($id, $hub) ON CONFLICT DO NOTHING;",
                ("$id", productId), ("$hub", hubSequence));
        }
    }

    /// <summary>Completes a pending run; false when it was completed already.</summary>
    public static bool CompleteRun(WriteContext context, long runId, long products, string outcome)
    {
        var changed = context.Connection.Execute(
            "UPDATE product_runs SET completed_at_ms = $at, products = $products, outcome = $outcome WHERE run_id = $run AND completed_at_ms IS NULL;",
            ("$at", context.NowMs), ("$products", products), ("$outcome", outcome), ("$run", runId));
        if (changed == 1)
        {
            HubAudit.Append(context.Connection, context.NowMs, PartyId.Hub.Uri, AuditActions.ProductRun, null, $"run={runId} products={products} {outcome}");
        }

        return changed == 1;
    }

    /// <summary>"corridor" or "network", as the command line and the audit log spell kinds.</summary>
    public static string Name(ProductKind kind) => kind switch
    {
        ProductKind.Corridor => "corridor",
        ProductKind.Network => "network",
        _ => kind.ToString(),
    };

    public static string Period(long startMs, long endMs) =>
        string.Create(CultureInfo.InvariantCulture, $"{Iso(startMs)}/{Iso(endMs)}");

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
