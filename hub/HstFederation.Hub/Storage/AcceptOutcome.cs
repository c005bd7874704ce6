using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>What <see cref="HubStore.AcceptAsync"/> decided. Receipt is the serialized SignedStatement.</summary>
internal sealed record AcceptOutcome(AcceptStatus Status, byte[]? Receipt, long HubSequence, RejectionReason Reason)
{
    /// <summary>What exactly is wrong, when the reason alone does not say (an update's lineage).</summary>
    public string? Detail { get; init; }

    /// <summary>For SequenceReused: the highest sequence the hub accepted from this sender (the sender renumbers above it).</summary>
    public long HighestAcceptedSequence { get; init; }

    public static AcceptOutcome Accepted(byte[] receipt, long hubSequence) =>
        new(AcceptStatus.Accepted, receipt, hubSequence, RejectionReason.Unspecified);

    public static AcceptOutcome Duplicate(byte[] receipt, long hubSequence) =>
        new(AcceptStatus.Duplicate, receipt, hubSequence, RejectionReason.Unspecified);

    public static AcceptOutcome Rejected(RejectionReason reason, string? detail = null) =>
        new(AcceptStatus.Rejected, null, 0, reason) { Detail = detail };

    /// <summary>The receipt as the SubmitResponse carries it; only for Accepted and Duplicate.</summary>
    public SubmitResponse ToResponse() => Receipt is null
        ? throw new InvalidOperationException($"A {Status} outcome ({Reason}) has no receipt.")
        : new SubmitResponse { Receipt = SignedStatement.Parser.ParseFrom(Receipt), Duplicate = Status == AcceptStatus.Duplicate };
}
