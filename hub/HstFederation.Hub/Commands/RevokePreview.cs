using System.Globalization;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Commands;

/// <summary>What `revoke` without --yes prints: what would change, then (stderr) that nothing did and how to go ahead.</summary>
internal static class RevokePreview
{
    public static void Write(CommandContext context, PartyId member, MemberStatus status, List<string> serials, DevelopmentCrl? crl, List<string> unlisted)
    {
        if (context.Json)
        {
            context.WriteJson(new
            {
                Party = member.Uri, Status = status, Changed = false, WouldRevokeSerials = unlisted, CertificateSerials = serials,
                CrlPath = crl?.Path, NextCrlNumber = unlisted.Count == 0 ? null : crl?.NextNumber.ToString(CultureInfo.InvariantCulture),
            });
        }
        else
        {
            context.Out.WriteLine(status == MemberStatus.Revoked
                ? $"{member} is already Revoked; the registry would not change."
                : $"Would revoke {member} (now {status}): final; it comes back only by enrolling new certificates.");
            context.Out.WriteLine(crl switch
            {
                null => $"The CRL would not change (no --root-key): the CA operator must revoke its certificates ({string.Join(", ", serials)}).",
                _ when unlisted.Count == 0 => $"The CRL at {crl.Path} already lists its certificates ({string.Join(", ", serials)}); it would not change.",
                _ => $"CRL number {crl.NextNumber} at {crl.Path} would add {unlisted.Count} certificates ({string.Join(", ", unlisted)}).",
            });
        }

        context.Error.WriteLine($"hst-hub revoke: nothing changed; add {RevokeCommand.YesFlag} to revoke {member}.");
    }
}
