using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using HstFederation.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Benchmarks;

/// <summary>
/// The hub store's group commit: n submissions (fan-out 10, 5 KB envelopes) handed to <see cref="HubStore.AcceptAsync"/>
/// at once, which its single writer commits in as few <c>BEGIN IMMEDIATE</c> transactions as it can (one fsync
/// each) — next to its primitive: the same rows inserted with prepared statements in one transaction on a
/// second database with the same schema and pragmas. The database grows by every invocation, so the
/// invocation count is fixed.
/// </summary>
[BenchmarkCategory("Store")]
[InvocationCount(16)]
public class StoreBenchmarks
{
    private readonly StoreRows _rows = new();
    private string _directory = string.Empty;
    private HubStore _store = null!;
    private SqliteConnection _raw = null!;
    private SqliteCommand _insertMessage = null!;
    private SqliteCommand _insertDelivery = null!;
    private long _rawSequence;

    [Params(1, 16, 256)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = StoreRows.NewDirectory();
        _store = HubStore.Open(Path.Combine(_directory, "hub.db"), TimeProvider.System);
        var rawPath = Path.Combine(_directory, "raw.db");
        HubStore.Open(rawPath, TimeProvider.System).DisposeAsync().AsTask().GetAwaiter().GetResult();
        _raw = StoreRows.OpenRaw(rawPath);
        _insertMessage = _raw.CreateCommand();
        _insertMessage.CommandText = """
            INSERT INTO messages (sender, message_id, sequence, envelope, envelope_sha256, created_at_ms, expires_at_ms, accepted_at_ms, receipt)
            VALUES ($sender, $id, $sequence, $envelope, $sha, 0, 86400000, 0, $receipt) RETURNING hub_sequence;
            """;
        _insertMessage.Parameters.AddWithValue("$sender", StoreRows.Sender.Uri);
        _insertMessage.Parameters.Add("$id", SqliteType.Blob);
        _insertMessage.Parameters.Add("$sequence", SqliteType.Integer);
        _insertMessage.Parameters.AddWithValue("$envelope", _rows.Envelope);
        _insertMessage.Parameters.AddWithValue("$sha", SHA256.HashData(_rows.Envelope));
        _insertMessage.Parameters.AddWithValue("$receipt", _rows.Receipt);
        _insertMessage.Prepare();
        _insertDelivery = _raw.CreateCommand();
        _insertDelivery.CommandText = "INSERT INTO deliveries (recipient, kind, hub_sequence) VALUES ($recipient, 1, $hub);";
        _insertDelivery.Parameters.Add("$recipient", SqliteType.Text);
        _insertDelivery.Parameters.Add("$hub", SqliteType.Integer);
        _insertDelivery.Prepare();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _insertMessage.Dispose();
        _insertDelivery.Dispose();
        _raw.Dispose();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "Hub store: accept n submissions at once (group commit)")]
    public Task AcceptBatch()
    {
        var accepts = new Task[Batch];
        for (var i = 0; i < Batch; i++)
        {
            accepts[i] = _store.AcceptAsync(_rows.Next(), (_, _) => _rows.Receipt);
        }

        return Task.WhenAll(accepts);
    }

    [Benchmark(Description = "Raw SQLite: the same rows in one transaction")]
    public void RawBatch()
    {
        using (var begin = _raw.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();
        }

        var id = new byte[16];
        for (var i = 0; i < Batch; i++)
        {
            RandomNumberGenerator.Fill(id);
            _insertMessage.Parameters["$id"].Value = id;
            _insertMessage.Parameters["$sequence"].Value = ++_rawSequence;
            var hub = (long)_insertMessage.ExecuteScalar()!;
            foreach (var recipient in StoreRows.Recipients)
            {
                _insertDelivery.Parameters["$recipient"].Value = recipient.Uri;
                _insertDelivery.Parameters["$hub"].Value = hub;
                _insertDelivery.ExecuteNonQuery();
            }
        }

        using var commit = _raw.CreateCommand();
        commit.CommandText = "COMMIT;";
        commit.ExecuteNonQuery();
    }
}
