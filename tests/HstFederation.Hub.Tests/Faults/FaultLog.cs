using System.Collections.Concurrent;
using Grpc.Core;
using HstFederation.Hub.Tests.Hosting;

namespace HstFederation.Hub.Tests.Faults;

/// <summary>What the clients of a crashing hub observed: receipts so far, failed calls, and violations of the delivery contract.</summary>
internal sealed class FaultLog
{
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _violations = new();
    private int _receipts;

    /// <summary>Distinct messages a sender holds a receipt for.</summary>
    public int Receipts => Volatile.Read(ref _receipts);

    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>Failed calls by "operation status (killed|running hub)"; the running-hub ones are unexpected.</summary>
    public IReadOnlyDictionary<string, int> Failures => _failures;

    public int FailuresOnARunningHub => _failures.Where(f => f.Key.EndsWith("(running hub)", StringComparison.Ordinal)).Sum(f => f.Value);

    public void Receipted() => Interlocked.Increment(ref _receipts);

    public void Violation(string text) => _violations.Enqueue(text);

    public void Failed(string operation, HubProcess.Generation generation, RpcException error) =>
        _failures.AddOrUpdate($"{operation} {error.StatusCode} ({(generation.Killed ? "killed" : "running")} hub)", 1, (_, n) => n + 1);

    public static bool IsTransient(StatusCode status) =>
        status is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled or StatusCode.DeadlineExceeded;
}
