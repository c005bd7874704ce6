namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>What a scenario allows the checker to find beyond a federation where everything was delivered.</summary>
internal sealed class CheckExpectations
{
    public static CheckExpectations Default { get; } = new();

    /// <summary>
    /// Members cut off from the hub at the end (revoked). What was addressed to them may wait at the hub undelivered,
    /// and receipts for what they sent may wait there unrelayed; both must still be on the hub's record.
    /// </summary>
    public IReadOnlySet<string> CutOff { get; init; } = new HashSet<string>();
}
