using HstFederation.Protocol.V1;

namespace HstFederation.Node.Commands;

/// <summary>
/// `status`'s word on this NCB's own entry in the hub's directory. A suspended member's node reaches the hub (GetDirectory
/// still answers) while the hub refuses everything else it calls: without this line `status` read healthy and the only
/// sign was each message ending rejected with PermissionDenied.
/// </summary>
internal static class MemberStanding
{
    /// <summary>This party's status in <paramref name="directory"/>; null when no directory was fetched.</summary>
    public static MemberStatus? Of(MemberDirectory? directory, string party) =>
        directory is null ? null : directory.Members.FirstOrDefault(member => member.Party == party)?.Status ?? MemberStatus.Unspecified;

    /// <summary>What the operator must know when this NCB is not active at the hub; null when it is (or nothing was fetched).</summary>
    public static string? Problem(MemberStatus? status) => status switch
    {
        null or MemberStatus.Active => null,
        MemberStatus.Suspended => "this NCB is SUSPENDED at the hub: it refuses what this node sends (each message ends rejected, PermissionDenied), " +
            "and delivers nothing to it until the General Secretariat reinstates it ('hst-hub reinstate'); what the hub accepted for it waits there",
        MemberStatus.Revoked => "this NCB is REVOKED at the hub: it refuses every call of this node; only an enrolment of new certificates brings it back",
        _ => "this NCB is not in the hub's member directory (not enrolled): the hub refuses every call of this node",
    };

    /// <summary>The status as `hst-hub members` writes it ("Suspended"), "NotEnrolled" for none.</summary>
    public static string? Name(MemberStatus? status) => status switch
    {
        null => null,
        MemberStatus.Active => "Active",
        MemberStatus.Suspended => "Suspended",
        MemberStatus.Revoked => "Revoked",
        _ => "NotEnrolled",
    };
}
