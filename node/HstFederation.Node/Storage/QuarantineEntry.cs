namespace HstFederation.Node.Storage;

/// <summary>A delivery that failed verification, kept with its reason (never dropped, never stored as valid).</summary>
internal sealed record QuarantineEntry(long Id, byte[] Envelope, string Reason, string Detail, long QuarantinedAtMs);
