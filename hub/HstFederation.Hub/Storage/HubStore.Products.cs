using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

internal sealed partial class HubStore
{
    private const string RunColumns =
        "run_id, kind, origin, period_start_ms, period_end_ms, recipients, requested_at_ms, requested_by, completed_at_ms, products, outcome";

    /// <summary>Writes a pending product run (audited as asked by <paramref name="requestedBy"/>); the serving hub produces it.</summary>
    public Task<long> AddProductRunAsync(
        ProductKind kind, ProductOrigin origin, long periodStartMs, long periodEndMs, IReadOnlyList<PartyId>? recipients, string requestedBy,
        CancellationToken cancellationToken = default) =>
        _writer.RunAsync(
            context => ProductRows.InsertRun(context, kind, origin, periodStartMs, periodEndMs, recipients, requestedBy),
            cancellationToken);

    /// <summary>Completes a pending run with the number of products sent and what was left out; false if it was complete.</summary>
    public Task<bool> CompleteProductRunAsync(long runId, long products, string outcome, CancellationToken cancellationToken = default) =>
        _writer.RunAsync(context => ProductRows.CompleteRun(context, runId, products, outcome), cancellationToken);

    /// <summary>Runs not yet completed, oldest first (a run interrupted by a stop is resumed).</summary>
    public Task<IReadOnlyList<ProductRunRecord>> PendingProductRunsAsync(CancellationToken cancellationToken = default) =>
        ReadRunsAsync($"SELECT {RunColumns} FROM product_runs WHERE completed_at_ms IS NULL ORDER BY run_id;", cancellationToken);

    /// <summary>The most recent runs, newest first.</summary>
    public Task<IReadOnlyList<ProductRunRecord>> RecentProductRunsAsync(int max, CancellationToken cancellationToken = default) =>
        ReadRunsAsync($"SELECT {RunColumns} FROM product_runs ORDER BY run_id DESC LIMIT {Math.Max(1, max)};", cancellationToken);

    public Task<ProductRunRecord?> FindProductRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();
        return Task.FromResult(connection.Query(
            $"SELECT {RunColumns} FROM product_runs WHERE run_id = $run;", reader => reader.Read() ? ReadRun(reader) : null, ("$run", runId)));
    }

    /// <summary>When the schedule last asked for <paramref name="kind"/>, or null if it never did.</summary>
    public Task<long?> LastScheduledProductRunAsync(ProductKind kind, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();
        return Task.FromResult((long?)connection.Scalar(
            "SELECT MAX(requested_at_ms) FROM product_runs WHERE origin = $origin AND kind = $kind;",
            ("$origin", (int)ProductOrigin.Schedule), ("$kind", (int)kind)));
    }

    /// <summary>The recipients a run already sent a product to (members, as party URIs).</summary>
    public Task<IReadOnlySet<string>> ProductRecipientsAsync(long runId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();
        IReadOnlySet<string> recipients = connection.Query(
            "SELECT recipient FROM products WHERE run_id = $run;",
            reader =>
            {
                var set = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read())
                {
                    set.Add(reader.GetString(0));
                }

                return set;
            },
            ("$run", runId));
        return Task.FromResult(recipients);
    }

    /// <summary>The most recent products sent, newest first, purged ones too; <paramref name="recipient"/> narrows to one member.</summary>
    public Task<IReadOnlyList<ProductRecord>> RecentProductsAsync(int max, PartyId? recipient = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();
        IReadOnlyList<ProductRecord> products = connection.Query(
            """
            SELECT p.product_id, p.run_id, p.kind, p.recipient, p.period_start_ms, p.period_end_ms, p.produced_at_ms, p.source_count, p.truncated,
                   p.message_id, p.purged_at_ms, p.purge_cause, s.sender, s.message_id
            FROM products p LEFT JOIN messages s ON s.hub_sequence = p.purged_by
            WHERE $recipient IS NULL OR p.recipient = $recipient
            ORDER BY p.produced_at_ms DESC, p.run_id DESC, p.recipient LIMIT $max;
            """,
            reader =>
            {
                var rows = new List<ProductRecord>();
                while (reader.Read())
                {
                    rows.Add(new ProductRecord(
                        (byte[])reader[0], reader.GetInt64(1), (ProductKind)reader.GetInt64(2), PartyId.Parse(reader.GetString(3)),
                        reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8) == 1, (byte[])reader[9],
                        reader.IsDBNull(10) ? null : reader.GetInt64(10), reader.IsDBNull(11) ? null : (MessageState)reader.GetInt64(11),
                        reader.IsDBNull(12) ? null : (PartyId.Parse(reader.GetString(12)), (byte[])reader[13])));
                }

                return rows;
            },
            ("$recipient", recipient?.Uri), ("$max", Math.Max(1, max)));
        return Task.FromResult(products);
    }

    /// <summary>
    /// Products stored before migration 10 whose sources are still to be recorded (built from some, none recorded, not
    /// purged), after <paramref name="afterProductId"/> in id order, each with the hub's envelope that carries it: a
    /// page of at most <paramref name="max"/>, so the backfill never holds every envelope at once.
    /// </summary>
    public Task<IReadOnlyList<(byte[] ProductId, byte[] Envelope)>> ReadUnrecordedProductsAsync(
        byte[] afterProductId, int max, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();
        IReadOnlyList<(byte[], byte[])> page = connection.Query(
            """
            SELECT p.product_id, m.envelope FROM products p JOIN messages m ON m.sender = $hubParty AND m.message_id = p.message_id
            WHERE p.product_id > $after AND p.source_count > 0 AND p.purged_at_ms IS NULL AND length(m.envelope) > 0
              AND NOT EXISTS (SELECT 1 FROM product_sources s WHERE s.product_id = p.product_id)
            ORDER BY p.product_id LIMIT $max;
            """,
            reader =>
            {
                var rows = new List<(byte[], byte[])>();
                while (reader.Read())
                {
                    rows.Add(((byte[])reader[0], (byte[])reader[1]));
                }

                return rows;
            },
            ("$hubParty", PartyId.Hub.Uri), ("$after", afterProductId), ("$max", Math.Max(1, max)));
        return Task.FromResult(page);
    }

    /// <summary>
    /// Members' envelopes created before <paramref name="endMs"/> and after the cursor (<paramref name="afterCreatedAtMs"/>,
    /// <paramref name="afterHubSequence"/>), in creation order, at most <paramref name="max"/>: a run reads its period page
    /// by page (from (period start, 0)) through the creation-time index, instead of holding every envelope at once. The
    /// hub's own messages are not sources, nor a recalled, expired or superseded version (docs/lifecycle.md §2): products
    /// are built from current, active messages only; each comes with the handling in force, which decides who may read it.
    /// </summary>
    public Task<IReadOnlyList<StoredSource>> ReadProductSourcesAsync(
        long afterCreatedAtMs, long afterHubSequence, long endMs, int max, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();
        IReadOnlyList<StoredSource> page = connection.Query(
            """
            SELECT m.hub_sequence, m.sender, m.message_id, m.created_at_ms, m.envelope, l.handling
            FROM messages m LEFT JOIN message_lifecycle l ON l.hub_sequence = m.hub_sequence
            WHERE (m.created_at_ms, m.hub_sequence) > ($created, $after) AND m.created_at_ms >= $created AND m.created_at_ms < $end
              AND m.sender LIKE 'urn:hst:member:%'
              AND (l.hub_sequence IS NULL OR (l.state = 1 AND l.superseded_by IS NULL))
            ORDER BY m.created_at_ms, m.hub_sequence LIMIT $max;
            """,
            reader =>
            {
                var rows = new List<StoredSource>();
                while (reader.Read())
                {
                    var handling = reader.IsDBNull(5) ? null : Handling.Parser.ParseFrom((byte[])reader[5]);
                    rows.Add(new StoredSource(reader.GetInt64(0), reader.GetString(1), (byte[])reader[2], reader.GetInt64(3), (byte[])reader[4], [], handling));
                }

                return rows;
            },
            ("$created", afterCreatedAtMs), ("$after", afterHubSequence), ("$end", endMs), ("$max", Math.Max(1, max)));
        return Task.FromResult<IReadOnlyList<StoredSource>>(page.Select(row => row with { Forwarded = Forwarded(connection, row.HubSequence) }).ToList());
    }

    /// <summary>The message's forwarded envelopes; one a restriction purged is left out: its party may no longer read the message.</summary>
    private static List<byte[]> Forwarded(SqliteConnection connection, long hubSequence) => connection.Query(
        "SELECT envelope FROM forwards WHERE hub_sequence = $hub AND length(envelope) > 0 ORDER BY forward_id;",
        reader =>
        {
            var envelopes = new List<byte[]>();
            while (reader.Read())
            {
                envelopes.Add((byte[])reader[0]);
            }

            return envelopes;
        },
        ("$hub", hubSequence));

    private Task<IReadOnlyList<ProductRunRecord>> ReadRunsAsync(string sql, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();
        IReadOnlyList<ProductRunRecord> runs = connection.Query(sql, reader =>
        {
            var rows = new List<ProductRunRecord>();
            while (reader.Read())
            {
                rows.Add(ReadRun(reader));
            }

            return rows;
        });
        return Task.FromResult(runs);
    }

    private static ProductRunRecord ReadRun(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        (ProductKind)reader.GetInt64(1),
        (ProductOrigin)reader.GetInt64(2),
        reader.GetInt64(3),
        reader.GetInt64(4),
        reader.IsDBNull(5) ? null : reader.GetString(5).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(PartyId.Member).ToList(),
        reader.GetInt64(6),
        reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetInt64(8),
        reader.IsDBNull(9) ? null : reader.GetInt64(9),
        reader.IsDBNull(10) ? null : reader.GetString(10));
}
