namespace HstFederation.Node.Storage;

/// <summary>The quarantine row that holds the bytes, and whether they were there already (the same bytes again: not added).</summary>
internal sealed record QuarantineResult(long Id, bool Repeat);
