namespace HstFederation.Node.Storage;

/// <summary>The block in force for a certificate, and whether this call added it (false: it was already blocked, nothing changed).</summary>
internal sealed record CertificateBlockResult(BlockedAgencyCertificate Block, bool Added);
