using System.Collections.Frozen;

namespace HstFederation.Hub.Security;

/// <summary>
/// Who may call what. Every method the hub serves must be listed: a method missing from this table
/// is denied to everyone (and a test that enumerates the served methods fails).
/// </summary>
internal static class RpcPolicy
{
    private const CallerRole AnyParty = CallerRole.ActiveMember | CallerRole.SuspendedMember | CallerRole.Hub;

    public static FrozenDictionary<string, CallerRole> Table { get; } = new Dictionary<string, CallerRole>
    {
        // A suspended member only gets the original receipt of an envelope it sent while active (a retry after a lost
        // response); SubmitHandler requires an active member for anything else, so it submits nothing new.
        ["/hst.v1.Hub/Submit"] = CallerRole.ActiveMember | CallerRole.SuspendedMember,
        ["/hst.v1.Hub/Subscribe"] = CallerRole.ActiveMember,
        ["/hst.v1.Hub/Acknowledge"] = CallerRole.ActiveMember,
        ["/hst.v1.Hub/Release"] = CallerRole.ActiveMember,
        // A suspended member may still recall or restrict what it sent: withdrawing its data only lowers its exposure
        // (docs/lifecycle.md; LifecycleHandler refuses it an extension).
        ["/hst.v1.Hub/Lifecycle"] = CallerRole.ActiveMember | CallerRole.SuspendedMember,
        // A suspended member still learns that it is suspended, and whom it may no longer reach.
        ["/hst.v1.Hub/GetDirectory"] = CallerRole.ActiveMember | CallerRole.SuspendedMember,
        // The more members hold the hub's audit heads, the harder its history is to rewrite unseen.
        ["/hst.v1.Hub/GetAuditHead"] = CallerRole.ActiveMember | CallerRole.SuspendedMember,
        ["/grpc.health.v1.Health/Check"] = AnyParty,
        ["/grpc.health.v1.Health/Watch"] = AnyParty,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool Allows(string method, CallerRole role) =>
        Table.TryGetValue(method, out var allowed) && (allowed & role) != CallerRole.None;
}
