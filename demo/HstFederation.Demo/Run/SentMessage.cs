using HstFederation.Demo.Reporting;

namespace HstFederation.Demo.Run;

/// <summary>One message of the scenario as the demo follows it: filled in from what the parties' interfaces report.</summary>
internal sealed class SentMessage(string name, string from, IReadOnlyList<string> to, string @interface, bool hubMayRead)
{
    public string Name { get; } = name;

    public string From { get; } = from;

    public IReadOnlyList<string> To { get; } = to;

    public string Interface { get; } = @interface;

    public bool HubMayRead { get; } = hubMayRead;

    public string? MessageId { get; set; }

    public string State { get; set; } = "not submitted";

    public DateTimeOffset QueuedAt { get; set; }

    public long? HubSequence { get; set; }

    public long? AcceptedMs { get; set; }

    public string? RejectReason { get; set; }

    /// <summary>Addressee → ms after queueing at which the sender stored its signed delivery receipt.</summary>
    public SortedDictionary<string, long> ReceiptMs { get; } = new(StringComparer.Ordinal);

    /// <summary>Member → ms after queueing at which its node stored the message (addressees and anyone else).</summary>
    public SortedDictionary<string, long> StoredMs { get; } = new(StringComparer.Ordinal);

    public IEnumerable<string> DeliveredTo => To.Where(StoredMs.ContainsKey);

    public bool AllReceipts => To.All(ReceiptMs.ContainsKey);

    public long MsAfterQueued(DateTimeOffset at) => (long)(at - QueuedAt).TotalMilliseconds;

    public MessageSummary ToSummary() => new(
        Name, From, To, Interface, HubMayRead, MessageId, State, HubSequence, AcceptedMs, [.. DeliveredTo], [.. ReceiptMs.Keys]);
}
