namespace HstFederation.Node.Storage;

/// <summary>
/// The lineage of an update as queued: the version it supersedes, its own version number and the reason. The superseded
/// header's hash is not kept here: it is taken from the superseded version's kept envelope when the update is sealed,
/// after that version was accepted (the outbox sends in queue order), so it is the header the hub holds.
/// </summary>
internal sealed record UpdateOf(byte[] SupersedesMessageId, int Version, string Reason);
