using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Commands;

/// <summary>
/// Moves an enrolled member to another status (audited by the store). Revocation is final: a revoked
/// member is neither suspended nor reinstated; it is enrolled again with new certificates.
/// </summary>
internal static class MemberStatusChange
{
    /// <summary>The status before; unchanged (and nothing written) when it already was <paramref name="status"/>.</summary>
    public static async Task<MemberStatus> ApplyAsync(HubStore store, PartyId member, MemberStatus status, CancellationToken cancellationToken)
    {
        var current = await store.GetMemberAsync(member, cancellationToken)
            ?? throw new CommandFailedException($"{member} is not enrolled ('hst-hub members' lists the members).");
        if (current.Status == status)
        {
            return current.Status;
        }

        if (current.Status == MemberStatus.Revoked)
        {
            throw new CommandFailedException($"{member} is revoked; revocation is final. Enrol it again with new certificates ('hst-hub enroll').");
        }

        if (!await store.SetMemberStatusAsync(member, status, CommandContext.Actor, cancellationToken))
        {
            throw new CommandFailedException($"{member} is not enrolled ('hst-hub members' lists the members).");
        }

        return current.Status;
    }

    public static void Report(CommandContext context, PartyId member, MemberStatus before, MemberStatus after)
    {
        if (context.Json)
        {
            context.WriteJson(new { Party = member.Uri, PreviousStatus = before, Status = after, Changed = before != after });
        }
        else
        {
            context.Out.WriteLine(before == after ? $"{member} is already {after}; nothing changed." : $"{member}: {before} -> {after}");
        }
    }
}
