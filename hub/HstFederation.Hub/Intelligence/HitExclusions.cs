using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Intelligence;

/// <summary>
/// A source that excluded a member must not have it tipped off that the message exists: that member is not told of a
/// hit on it (the other side still is, about its own message). Always asked of the handling in force — the signed
/// header's as restrictions since have changed it (<c>message_lifecycle.handling</c>) — when the hit is found, again
/// when its notifications commit, and by a restriction of notifications still queued. docs/intelligence.md §3.
/// </summary>
internal static class HitExclusions
{
    public static bool Excludes(Handling handling, PartyId member) =>
        handling.Addressees?.ExcludedMembers.Contains(member.Code, StringComparer.Ordinal) == true;
}
