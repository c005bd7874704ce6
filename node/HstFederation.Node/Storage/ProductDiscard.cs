using System.Globalization;
using HstFederation.Node.Audit;
using HstFederation.Node.Intelligence;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// Discards a product left unrecorded at upgrade (docs/node.md, "Unrecorded products"; `hst-node products discard`). Such a
/// copy is held while its sources are unknown (<see cref="PurgedProducts.UnrecordedCopy"/>), so no purge of a source can
/// reach it: only the operator can remove it. Its content goes as a purged product's does — envelope and plaintext blanked,
/// <c>purged_at_ms</c> and the cause <see cref="LifecyclePurge.Discarded"/> set, in the writer's <c>secure_delete</c>
/// transaction, the WAL truncated after it by the store — and its <c>products</c> row stays for the ledger. A recorded copy is
/// refused: its sources' purges reach it, and the operator has no business removing it.
/// <para>
/// A product named by its id takes the copy its <c>products</c> row points at and every other unrecorded copy whose
/// content still parses as the same product (a repeated envelope of it); one named by inbox row takes that row alone, the
/// only way to name a repeated copy whose content no longer parses. The preview (<see cref="Plan"/>) and the discard run
/// the same checks, the discard again inside its transaction, so what it removes is exactly what still qualifies then.
/// </para>
/// <para>
/// The copy a <c>products</c> row lists may be unrecorded while a repeat of the product is recorded (the catch-up linked
/// the repeat, not it). Discarding that copy by its inbox row then repoints the row at the recorded copy, in the same
/// transaction and audited in the discard's entry: the product stays listed, shown, exported and served from a copy whose
/// sources' purges reach it, rather than looking discarded while a valid copy of it is held.
/// </para>
/// </summary>
internal static class ProductDiscard
{
    private const string Refusal = "only a product left unrecorded at upgrade can be discarded";

    /// <summary>The copies <paramref name="target"/> names, each checked; throws <see cref="ProductDiscardRefusedException"/>.</summary>
    public static ProductDiscardPlan Plan(SqliteConnection connection, ProductDiscardTarget target) =>
        target.InboxLocalId is { } localId ? PlanInboxRow(connection, localId) : PlanProduct(connection, target.ProductRow!.Value);

    /// <summary>Purges every copy <see cref="Plan"/> finds, audited per copy with <paramref name="actor"/>; returns them.</summary>
    public static ProductDiscardPlan Discard(WriteContext context, ProductDiscardTarget target, string actor)
    {
        var plan = Plan(context.Connection, target);
        var product = plan.ProductId is { } id ? IntelligenceIds.Format(id) : "unknown";
        foreach (var localId in plan.InboxLocalIds)
        {
            var messageId = (byte[])context.Connection.Scalar(
                """
                UPDATE inbox SET envelope = X'', plaintext = X'', purged_at_ms = $now, purge_cause = $cause
                WHERE local_id = $local AND purged_at_ms IS NULL RETURNING message_id;
                """,
                ("$now", context.NowMs), ("$cause", LifecyclePurge.Discarded), ("$local", localId))!;
            var relisted = string.Empty;
            if (plan.RecordedCopy is { } copy)
            {
                context.Connection.Execute(
                    "UPDATE products SET inbox_local_id = $copy WHERE inbox_local_id = $local;", ("$copy", copy), ("$local", localId));
                relisted = " listed-copy=" + copy.ToString(CultureInfo.InvariantCulture);
            }

            // Ids only: the content is gone, and was never the audit's.
            NodeAudit.Append(context.Connection, context.NowMs, actor, NodeAuditActions.Discard, messageId,
                $"product inbox={localId.ToString(CultureInfo.InvariantCulture)} product={product} cause={LifecyclePurge.Discarded}{relisted}");
        }

        return plan;
    }

    private static ProductDiscardPlan PlanProduct(SqliteConnection connection, long productRow)
    {
        using var command = connection.Command(
            """
            SELECT p.product_id, p.inbox_local_id, i.purge_cause, EXISTS (SELECT 1 FROM product_copies c WHERE c.inbox_local_id = p.inbox_local_id),
                   EXISTS (SELECT 1 FROM product_copies c WHERE c.product_row = p.id)
            FROM products p JOIN inbox i ON i.local_id = p.inbox_local_id WHERE p.id = $row;
            """,
            ("$row", productRow));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new ProductDiscardRefusedException("it is no longer held.");
        }

        var (productId, listed, cause) = ((byte[])reader[0], reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        var (listedRecorded, anyRecorded) = (reader.GetBoolean(3), reader.GetBoolean(4));
        reader.Close();
        var repeats = UnrecordedRepeats(connection, productId, listed);
        if (cause is not null)
        {
            throw new ProductDiscardRefusedException($"it was purged already ({cause}): its content is gone." + RepeatsHint(repeats));
        }

        // Any copy recorded (a repeat may be, the listed one not): its sources are known, and the product is not discarded
        // while a copy that purges reach still holds it; a copy left unrecorded beside it goes by its inbox row.
        if (anyRecorded)
        {
            throw new ProductDiscardRefusedException(
                $"it is recorded: its sources are known, so the purge of any of them purges it; {Refusal}." +
                RepeatsHint(listedRecorded ? repeats : [listed, .. repeats]));
        }

        return new ProductDiscardPlan(productId, [listed, .. repeats]);
    }

    private static ProductDiscardPlan PlanInboxRow(SqliteConnection connection, long localId)
    {
        using var command = connection.Command(
            """
            SELECT i.content_type, i.purge_cause, (SELECT c.product_row FROM product_copies c WHERE c.inbox_local_id = i.local_id),
                   p.product_id, i.plaintext,
                   (SELECT c.inbox_local_id FROM product_copies c JOIN inbox r ON r.local_id = c.inbox_local_id
                    WHERE c.product_row = p.id ORDER BY r.purged_at_ms IS NOT NULL, c.inbox_local_id LIMIT 1)
            FROM inbox i LEFT JOIN products p ON p.inbox_local_id = i.local_id WHERE i.local_id = $local;
            """,
            ("$local", localId));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new ProductDiscardRefusedException("the inbox has no such row.");
        }

        if (reader.GetString(0) != HubContent.AnalyticalProductType)
        {
            throw new ProductDiscardRefusedException($"it is not an analytical product from the hub; {Refusal}.");
        }

        if (!reader.IsDBNull(1))
        {
            throw new ProductDiscardRefusedException($"it was purged already ({reader.GetString(1)}): its content is gone.");
        }

        if (!reader.IsDBNull(2))
        {
            var productRow = reader.GetInt64(2);
            reader.Close();
            throw new ProductDiscardRefusedException(
                $"it is a recorded product copy: its sources are known, so the purge of any of them purges it; {Refusal}." +
                RepeatsHint(UnrecordedCopies(connection, productRow)));
        }

        // The listed copy of a product a repeat of which is recorded: the products row goes over to that copy (held first).
        var recordedCopy = reader.IsDBNull(5) ? (long?)null : reader.GetInt64(5);
        return new ProductDiscardPlan(reader.IsDBNull(3) ? ProductIdOf((byte[])reader[4]) : (byte[])reader[3], [localId], recordedCopy);
    }

    /// <summary>The copies of the product of <c>products</c> row <paramref name="productRow"/> left unrecorded: the listed one if it is, then its repeats.</summary>
    private static List<long> UnrecordedCopies(SqliteConnection connection, long productRow)
    {
        var (productId, listed, listedUnrecorded) = connection.Query(
            $"""
            SELECT p.product_id, p.inbox_local_id, EXISTS (SELECT 1 FROM inbox i WHERE i.local_id = p.inbox_local_id AND {PurgedProducts.UnrecordedCopy})
            FROM products p WHERE p.id = $row;
            """,
            reader => reader.Read() ? ((byte[])reader[0], reader.GetInt64(1), reader.GetBoolean(2)) : throw new InvalidDataException("A recorded copy names a products row."),
            ("$row", productRow));
        var repeats = UnrecordedRepeats(connection, productId, listed);
        return listedUnrecorded ? [listed, .. repeats] : repeats;
    }

    /// <summary>The other unrecorded copies (by inbox row, in order) whose content still parses as product <paramref name="productId"/>.</summary>
    private static List<long> UnrecordedRepeats(SqliteConnection connection, byte[] productId, long listed)
    {
        using var command = connection.Command(
            $"""
            SELECT i.local_id, i.plaintext FROM inbox i
            WHERE i.content_type = $type AND {PurgedProducts.UnrecordedCopy} AND i.local_id <> $listed ORDER BY i.local_id;
            """,
            ("$type", HubContent.AnalyticalProductType), ("$listed", listed));
        using var reader = command.ExecuteReader();
        var repeats = new List<long>();
        while (reader.Read())
        {
            if (ProductIdOf((byte[])reader[1]) is { } id && id.AsSpan().SequenceEqual(productId))
            {
                repeats.Add(reader.GetInt64(0));
            }
        }

        return repeats;
    }

    private static byte[]? ProductIdOf(byte[] plaintext)
    {
        try
        {
            return AnalyticalProduct.Parser.ParseFrom(plaintext).ProductId.ToByteArray();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static string RepeatsHint(List<long> repeats) =>
        repeats.Count == 0 ? string.Empty
            : $" A copy of it was left unrecorded ({string.Join(", ", repeats.Select(Row))}): 'hst-node products discard inbox:N' discards one.";

    private static string Row(long localId) => "inbox row " + localId.ToString(CultureInfo.InvariantCulture);
}
