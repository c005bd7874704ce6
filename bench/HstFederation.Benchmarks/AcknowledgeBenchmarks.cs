using BenchmarkDotNet.Attributes;
using HstFederation.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Benchmarks;

/// <summary>
/// The hub store's acknowledgements, as subscribers send them: the ten recipients of fan-out-10 messages each
/// acknowledge their next n envelope deliveries (with a receipt-sized delivery receipt) in one call, all ten
/// calls at once, so that the single writer commits them together. Each acknowledgement is checked, marks the
/// delivery, relays the receipt to the sender and writes an audit entry. Fresh deliveries are stored before
/// every iteration (not timed); acknowledging one again would measure a no-op.
/// </summary>
[BenchmarkCategory("Store")]
[InvocationCount(Invocations)]
public class AcknowledgeBenchmarks
{
    private const int Invocations = 16;

    private readonly StoreRows _rows = new();
    private readonly Queue<(int Recipient, DeliveryAck[] Acks)> _prepared = new();
    private readonly long[] _after = new long[StoreRows.FanOut];
    private string _directory = string.Empty;
    private HubStore _store = null!;

    [Params(1, 32)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = StoreRows.NewDirectory();
        _store = HubStore.Open(Path.Combine(_directory, "hub.db"), TimeProvider.System);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Stores Batch × invocations messages and queues each recipient's deliveries in calls of Batch.</summary>
    [IterationSetup]
    public void Prepare()
    {
        _prepared.Clear();
        var messages = Batch * Invocations;
        Task.WhenAll(Enumerable.Range(0, messages).Select(_ => _store.AcceptAsync(_rows.Next(), (_, _) => _rows.Receipt))).GetAwaiter().GetResult();
        var calls = new List<(int, DeliveryAck[])>[Invocations];
        for (var recipient = 0; recipient < StoreRows.FanOut; recipient++)
        {
            var deliveries = _store.ReadDeliveriesAsync(StoreRows.Recipients[recipient], _after[recipient], messages).GetAwaiter().GetResult();
            _after[recipient] = deliveries[^1].Cursor;
            for (var invocation = 0; invocation < Invocations; invocation++)
            {
                var acks = deliveries.Skip(invocation * Batch).Take(Batch).Select(d => DeliveryAck.Of(d.Cursor, _rows.Receipt)).ToArray();
                (calls[invocation] ??= []).Add((recipient, acks));
            }
        }

        foreach (var call in calls.SelectMany(invocation => invocation))
        {
            _prepared.Enqueue(call);
        }
    }

    [Benchmark(Description = "Hub store: 10 recipients acknowledge n deliveries each at once")]
    public async Task AcknowledgeBatch()
    {
        var calls = new Task<AcknowledgeResult>[StoreRows.FanOut];
        for (var i = 0; i < calls.Length; i++)
        {
            var (recipient, acks) = _prepared.Count > 0 ? _prepared.Dequeue() : throw new InvalidOperationException("More invocations than prepared.");
            calls[i] = _store.AcknowledgeAsync(StoreRows.Recipients[recipient], acks);
        }

        foreach (var result in await Task.WhenAll(calls))
        {
            if (!result.IsSuccess || result.Newly != Batch)
            {
                throw new InvalidOperationException($"Not what the benchmark measures: {result}.");
            }
        }
    }
}
