namespace HstFederation.Node.Hosting;

/// <summary>
/// Why this NCB's credentials cannot be used now although they are its own (<see cref="HeldCredentials"/>):
/// <see cref="Detail"/> in the trust's words, <see cref="Refused"/> the one line every command that needs them prints.
/// </summary>
internal sealed record CredentialsRefusal(CredentialsRefusalKind Kind, string Detail, string Refused);
