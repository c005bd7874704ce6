namespace HstFederation.LoadGenerator.Results;

/// <summary>Whether the hub kept its guarantees in the run; a figure from a run that did not is not worth reading.</summary>
internal sealed record Checks
{
    public required int Messages { get; init; }

    public required int Receipted { get; init; }

    /// <summary>Acceptance receipts that verify against the federation root and name the message, sender and recipients sent.</summary>
    public required int ReceiptsVerified { get; init; }

    /// <summary>Envelope deliveries expected by the (non-slow) recipients, and received.</summary>
    public required long DeliveriesExpected { get; init; }

    public required long Delivered { get; init; }

    /// <summary>Timed messages with a (non-slow) recipient, and those whose every delivery receipt was relayed back to the sender.</summary>
    public required long FullyRelayedExpected { get; init; }

    public required long FullyRelayed { get; init; }

    public required long Duplicates { get; init; }

    public required long Unknown { get; init; }

    public bool Complete => Receipted == Messages && ReceiptsVerified == Messages && Delivered == DeliveriesExpected
        && FullyRelayed == FullyRelayedExpected && Duplicates == 0 && Unknown == 0;
}
