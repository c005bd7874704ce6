namespace HstFederation.Node.HubLink;

/// <summary>
/// What a running `serve` knows of its hub link, as it wrote it to <see cref="HubLinkState.PathFor"/> for `hst-node status`,
/// which cannot ask serve (it has no listener for that) and whose own probe sees only the hub of this instant.
/// <see cref="Reachable"/> is null before serve's first call to the hub has ended.
/// </summary>
internal sealed record HubLinkRecord(
    int Pid,
    DateTimeOffset ServeStartedAt,
    DateTimeOffset RecordedAt,
    bool? Reachable,
    DateTimeOffset? UnreachableSince,
    DateTimeOffset? LastContactAt,
    string? Problem,
    long? DirectorySerial,
    DateTimeOffset? DirectoryIssuedAt,
    DateTimeOffset? DirectoryExpiresAt,
    string? CrlNumber,
    DateTimeOffset? CrlNextUpdate);
