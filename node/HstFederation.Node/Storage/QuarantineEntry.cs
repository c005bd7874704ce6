namespace HstFederation.Node.Storage;

/// <summary>A delivery that failed verification, kept with its reason (never dropped, never stored as valid).</summary>
internal sealed record QuarantineEntry(long Id, byte[] Envelope, string Reason, string Detail, long QuarantinedAtMs)
{
    /// <summary>Null while open; an operator's resolution once looked into (migration 18).</summary>
    public Resolution? Resolved { get; init; }
}
