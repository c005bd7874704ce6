using HstFederation.Hub.Audit;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

internal sealed partial class HubStore
{
    /// <summary>Enrolls a member or replaces its status and certificates; bumps the directory serial; audited.</summary>
    public Task UpsertMemberAsync(
        PartyId party, MemberStatus status, byte[] signingCertificate, byte[] encryptionCertificate, string actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signingCertificate);
        ArgumentNullException.ThrowIfNull(encryptionCertificate);
        return _writer.RunAsync(
            context =>
            {
                context.Connection.Execute(
                    """
                    INSERT INTO members (party, status, signing_certificate, encryption_certificate, updated_at_ms)
                    VALUES ($party, $status, $signing, $encryption, $now)
                    ON CONFLICT (party) DO UPDATE SET status = excluded.status, signing_certificate = excluded.signing_certificate,
                        encryption_certificate = excluded.encryption_certificate, updated_at_ms = excluded.updated_at_ms;
                    """,
                    ("$party", party.Uri),
                    ("$status", (int)status),
                    ("$signing", signingCertificate),
                    ("$encryption", encryptionCertificate),
                    ("$now", context.NowMs));
                DirectoryChanged(context, actor, AuditActions.Enroll, $"{party.Uri} {status}");
                return true;
            },
            cancellationToken);
    }

    /// <summary>Suspends, reinstates or revokes a member; false (and nothing written) when it is not enrolled.</summary>
    public Task<bool> SetMemberStatusAsync(
        PartyId party, MemberStatus status, string actor, CancellationToken cancellationToken = default) =>
        _writer.RunAsync(
            context =>
            {
                var updated = context.Connection.Execute(
                    "UPDATE members SET status = $status, updated_at_ms = $now WHERE party = $party;",
                    ("$status", (int)status),
                    ("$now", context.NowMs),
                    ("$party", party.Uri));
                if (updated == 0)
                {
                    return false;
                }

                DirectoryChanged(context, actor, AuditActions.MemberStatus, $"{party.Uri} {status}");
                return true;
            },
            cancellationToken);

    /// <summary>Defines (or redefines) a region as exactly <paramref name="members"/>; an empty list deletes it.</summary>
    public Task DefineRegionAsync(
        string name, IReadOnlyCollection<PartyId> members, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(members);
        var parties = members.Select(member => member.Uri).Distinct(StringComparer.Ordinal).ToArray();
        return _writer.RunAsync(
            context =>
            {
                context.Connection.Execute("DELETE FROM regions WHERE name = $name;", ("$name", name));
                foreach (var party in parties)
                {
                    context.Connection.Execute(
                        "INSERT INTO regions (name, member) VALUES ($name, $member);", ("$name", name), ("$member", party));
                }

                DirectoryChanged(context, actor, AuditActions.DefineRegion, $"{name}: {parties.Length} members");
                return true;
            },
            cancellationToken);
    }

    private static void DirectoryChanged(WriteContext context, string actor, string action, string detail)
    {
        context.Connection.Execute("UPDATE directory_state SET serial = serial + 1 WHERE id = 1;");
        HubAudit.Append(context.Connection, context.NowMs, actor, action, null, detail);
    }
}
