using HstFederation.Hub.Hosting;

namespace HstFederation.Hub.Commands;

/// <summary>`members`: the registry, one line per member. Needs only Hub:DatabasePath.</summary>
internal sealed class MembersCommand : IHubCommand
{
    public string Name => "members";

    public string Summary => "List enrolled members: status, message key ids, certificate validity, last change.";

    public string Help => """
        Usage: hst-hub members [--json]

        Lists the member registry: party, status (Active, Suspended, Revoked), the key ids of the member's
        message signing and encryption keys (first 16 bytes of SHA-256 of the public key, protocol §3),
        when both certificates are valid, and when the entry last changed. Reads Hub:DatabasePath only.

        Options:
          --json    machine-readable: {"members":[{"party","code","status","signing","encryption","updatedAt"}]}

        Example:
          $ hst-hub members --Hub:DatabasePath=hub.db
          PARTY              STATUS     SIGNING KEY                       ENCRYPTION KEY                    VALID FROM            VALID UNTIL           CHANGED
          urn:hst:member:DE  Active     4b1f0c...                         9e23aa...                         2026-03-01 12:00:00Z  2027-03-01 12:00:00Z  2026-03-01 12:05:00Z
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>();

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals();
        var options = context.Settings(nameof(HubOptions.DatabasePath));
        await using var store = context.OpenStore(options);
        var members = await store.ListMembersAsync(cancellationToken);
        var rows = members.Select(member => new
        {
            Party = member.Party.Uri,
            member.Party.Code,
            member.Status,
            Signing = CertificateSummary.Of(member.SigningCertificate),
            Encryption = CertificateSummary.Of(member.EncryptionCertificate),
            UpdatedAt = CommandContext.FromUnixMs(member.UpdatedAtMs),
        }).ToList();
        if (context.Json)
        {
            context.WriteJson(new { Members = rows });
            return HubCommandLine.Success;
        }

        if (rows.Count == 0)
        {
            context.Out.WriteLine("No members enrolled (hst-hub enroll <CC> ...).");
            return HubCommandLine.Success;
        }

        var table = new TextTable("PARTY", "STATUS", "SIGNING KEY", "ENCRYPTION KEY", "VALID FROM", "VALID UNTIL", "CHANGED");
        foreach (var row in rows)
        {
            var from = row.Signing.NotBefore > row.Encryption.NotBefore ? row.Signing.NotBefore : row.Encryption.NotBefore;
            var until = row.Signing.NotAfter < row.Encryption.NotAfter ? row.Signing.NotAfter : row.Encryption.NotAfter;
            table.Add(row.Party, row.Status.ToString(), row.Signing.KeyId, row.Encryption.KeyId,
                CommandContext.Format(from), CommandContext.Format(until), CommandContext.Format(row.UpdatedAt));
        }

        table.WriteTo(context.Out);
        return HubCommandLine.Success;
    }
}
