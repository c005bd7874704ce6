using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>A blind token of the message being processed (at <paramref name="YourPath"/>) equal to one of an earlier message of another source.</summary>
internal sealed record TokenMatch(long HeldMessage, MatchKind Kind, string YourPath, string TheirPath);
