using BenchmarkDotNet.Attributes;
using HstFederation.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Benchmarks;

/// <summary>
/// Reading one page of a subscriber's deliveries by cursor, as Subscribe does between writes:
/// <see cref="HubStore.ReadDeliveriesAsync(Protocol.Identities.PartyId, long, int, long, CancellationToken)"/>
/// (a pooled read-only connection, the join with the envelope, at most 256 rows or 1 MiB of payload) next to
/// the same query on a prepared command of an open connection, reading as many rows. 4,000 messages to the
/// subscriber are stored first; each read starts at the next cursor position, round the queue.
/// </summary>
[BenchmarkCategory("Store")]
public class CursorBenchmarks
{
    private const int Stored = 4000;
    private const long PageBytes = 1024 * 1024;

    private readonly StoreRows _rows = new();
    private string _directory = string.Empty;
    private HubStore _store = null!;
    private SqliteConnection _raw = null!;
    private SqliteCommand _select = null!;
    private int _rowsPerPage;
    private long _after;

    [Params(1, 256)]
    public int PageSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = StoreRows.NewDirectory();
        var path = Path.Combine(_directory, "hub.db");
        _store = HubStore.Open(path, TimeProvider.System);
        var subscriber = StoreRows.Recipients[0];
        for (var written = 0; written < Stored; written += 200)
        {
            Task.WhenAll(Enumerable.Range(0, 200).Select(_ => _store.AcceptAsync(_rows.Next([subscriber]), (_, _) => _rows.Receipt))).GetAwaiter().GetResult();
        }

        _rowsPerPage = _store.ReadDeliveriesAsync(subscriber, 0, PageSize, PageBytes).GetAwaiter().GetResult().Count;
        _raw = StoreRows.OpenRaw(path);
        _select = _raw.CreateCommand();
        _select.CommandText = """
            SELECT d.cursor, d.kind, d.hub_sequence, CASE d.kind WHEN 1 THEN m.envelope ELSE d.delivery_receipt END, d.acked_at_ms IS NOT NULL
            FROM deliveries d JOIN messages m ON m.hub_sequence = d.hub_sequence
            WHERE d.recipient = $recipient AND d.cursor > $after ORDER BY d.cursor LIMIT $max;
            """;
        _select.Parameters.AddWithValue("$recipient", subscriber.Uri);
        _select.Parameters.Add("$after", SqliteType.Integer);
        _select.Parameters.AddWithValue("$max", _rowsPerPage);
        _select.Prepare();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _select.Dispose();
        _raw.Dispose();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "Hub store: read a page of deliveries by cursor")]
    public async Task<int> StoreReadPage() =>
        (await _store.ReadDeliveriesAsync(StoreRows.Recipients[0], NextCursor(), PageSize, PageBytes)).Count;

    [Benchmark(Description = "Raw SQLite: the same query, prepared, as many rows")]
    public int RawReadPage()
    {
        _select.Parameters["$after"].Value = NextCursor();
        using var reader = _select.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            _ = reader.GetInt64(0);
            _ = reader.GetInt64(1);
            _ = reader.GetInt64(2);
            _ = (byte[])reader[3];
            _ = reader.GetBoolean(4);
            rows++;
        }

        return rows;
    }

    /// <summary>Walks the queue so that every read is a full page (cursors start at 1, one per message here).</summary>
    private long NextCursor()
    {
        var after = _after;
        _after = (_after + _rowsPerPage) % (Stored - _rowsPerPage);
        return after;
    }
}
