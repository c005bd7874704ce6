namespace HstFederation.Node.Commands;

/// <summary>A forward's consent as `show` prints it: when the source granted it, and to whom (verified on receipt to be the source's).</summary>
internal sealed record ConsentReport(long GrantedAtMs, IReadOnlyList<string> GrantedTo);
