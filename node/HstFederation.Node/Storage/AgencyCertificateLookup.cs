namespace HstFederation.Node.Storage;

/// <summary>What the agency API needs to know of a caller's certificate: the agency its identity names (or null) and its block (or null).</summary>
internal sealed record AgencyCertificateLookup(AgencyRecord? Agency, BlockedAgencyCertificate? Block);
