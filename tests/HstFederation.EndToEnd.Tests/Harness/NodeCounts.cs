namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>Where one node stands (<see cref="Progress.Node"/>); all -1 when its database could not be read at that moment.</summary>
internal sealed record NodeCounts(long Queued, long Accepted, long Rejected, long AcceptedAddressees, long Receipts, long Inbox, long Quarantined, long Alarms)
{
    public static NodeCounts Unknown { get; } = new(-1, -1, -1, -1, -1, -1, -1, -1);

    public bool Known => Queued >= 0;

    public override string ToString() =>
        Known
            ? $"outbox {Queued} queued, {Accepted} accepted, {Rejected} rejected, {Receipts}/{AcceptedAddressees} delivery receipts; inbox {Inbox}; {Quarantined} quarantined, {Alarms} alarms"
            : "(database busy)";
}
