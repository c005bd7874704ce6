using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>
/// A member's message the hub still holds, with its effective retention date (Unix ms, whole milliseconds of the signed
/// date unless an extension moved it) and the SHA-256 of its signed header, which a review and an expiry order name.
/// </summary>
internal sealed record RetentionCandidate(long HubSequence, PartyId Source, byte[] MessageId, byte[] HeaderSha256, long RetainUntilMs);
