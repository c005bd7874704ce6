using System.Text;

namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>What the checker looked at: written to the test output so that a closing note can quote it.</summary>
internal sealed class CheckTotals
{
    /// <summary>Parties whose database and audit log were checked (the hub and every node).</summary>
    public int Parties { get; set; }

    /// <summary>Messages accepted with a hub receipt in their sender's outbox.</summary>
    public int Messages { get; set; }

    /// <summary>(message, addressee) pairs found exactly once in the addressee's inbox, verified.</summary>
    public int Deliveries { get; set; }

    /// <summary>Of <see cref="Deliveries"/>, those also decrypted again with the addressee's key and compared with the sent content.</summary>
    public int Reopened { get; set; }

    /// <summary>Signed delivery receipts verified in the senders' outboxes.</summary>
    public int Receipts { get; set; }

    /// <summary>Deliveries and relayed receipts the hub still holds for members cut off from it (revoked).</summary>
    public int WaitingForCutOffMembers { get; set; }

    public long AuditEntries { get; set; }

    /// <summary>Nodes whose last recorded head of the hub's audit chain the hub's chain still passes through.</summary>
    public int HubHeadsChecked { get; set; }

    /// <summary>Submissions the nodes answered as repeats of an earlier one by its request_id (audit 'enqueue-repeat'): retries that queued nothing.</summary>
    public int SubmitRepeats { get; set; }

    /// <summary>Per node: outbox messages refused, by reason.</summary>
    public Dictionary<string, Dictionary<string, int>> Rejected { get; } = new(StringComparer.Ordinal);

    /// <summary>Per node: outbox messages still queued.</summary>
    public Dictionary<string, int> Queued { get; } = new(StringComparer.Ordinal);

    public override string ToString()
    {
        var text = new StringBuilder()
            .Append($"checker: {Parties} parties, {Messages} messages accepted, {Deliveries} deliveries exactly once and verified ({Reopened} re-opened), ")
            .Append($"{Receipts} delivery receipts at their sources, {WaitingForCutOffMembers} held by the hub for cut-off members, {AuditEntries} audit entries intact, {HubHeadsChecked} nodes' heads of the hub's chain found in it, {SubmitRepeats} agency retries answered as repeats");
        foreach (var (node, reasons) in Rejected.Where(r => r.Value.Count > 0))
        {
            text.Append($"; {node} rejected: {string.Join(", ", reasons.Select(r => $"{r.Key} {r.Value}"))}");
        }

        foreach (var (node, queued) in Queued.Where(q => q.Value > 0))
        {
            text.Append($"; {node} queued: {queued}");
        }

        return text.ToString();
    }
}
