using System.Globalization;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Commands;

/// <summary>`revoke CC`: marks the member Revoked; with --root-key (development PKI) also adds its certificates to the CRL.</summary>
internal sealed class RevokeCommand : IHubCommand
{
    private const string RootKeyOption = "--root-key";
    private const string PartyDirectoryOption = "--party-dir";
    private const string CrlDaysOption = "--crl-days";

    public string Name => "revoke";

    public string Summary => "Revoke a member (final); with --root-key also put its certificates on the development CRL.";

    public string Help => """
        Usage: hst-hub revoke <CC> [--root-key FILE [--party-dir DIR] [--crl-days N]] [--json]

        Marks the member Revoked in the registry (audited; final: a revoked member is only enrolled again
        with new certificates). The running hub refuses every call of the member within Hub:RegistryRefresh,
        and the signed directory tells every node. Needs Hub:DatabasePath.

        Without --root-key the CRL is not touched: the CA operator must revoke the member's certificates
        and publish the new CRL at Hub:RevocationListPath (the hub re-reads it every
        Hub:RevocationListRefresh and installs it when it is newer than the one it holds).

        With --root-key (DEVELOPMENT PKI ONLY, certs-dev): also revokes the member's signing and encryption
        certificates (from the registry), and its TLS certificate when --party-dir is given, in a new CRL
        signed with that root key and written to Hub:RevocationListPath (needs Hub:RootCertificatePath too).

        Options:
          --root-key FILE   the development root's private key (pki/root/root.key.pem)
          --party-dir DIR   the member's party directory, to revoke its TLS certificate as well
          --crl-days N      days until the new CRL's nextUpdate, default 30
          --json            machine-readable result

        Example:
          $ hst-hub revoke ES --root-key pki/root/root.key.pem --party-dir pki/members/ES
          urn:hst:member:ES: Active -> Revoked
          CRL number 2 written to pki/federation.crl.pem: revoked 3 certificates (1A2B..., 3C4D..., 5E6F...)
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { RootKeyOption, PartyDirectoryOption, CrlDaysOption };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var arguments = context.Arguments;
        arguments.ExpectPositionals("<CC>");
        var member = MemberCodes.Parse(arguments.Positionals[0]);
        var rootKey = arguments.Optional(RootKeyOption);
        if (rootKey is null && (arguments.Optional(PartyDirectoryOption) ?? arguments.Optional(CrlDaysOption)) is not null)
        {
            throw new CommandUsageException($"{PartyDirectoryOption} and {CrlDaysOption} only apply with {RootKeyOption}.");
        }

        var crlDays = CrlDays(arguments.Optional(CrlDaysOption));
        var options = rootKey is null
            ? context.Settings(nameof(HubOptions.DatabasePath))
            : context.Settings(nameof(HubOptions.DatabasePath), nameof(HubOptions.RootCertificatePath), nameof(HubOptions.RevocationListPath));
        await using var store = context.OpenStore(options);
        var record = await store.GetMemberAsync(member, cancellationToken)
            ?? throw new CommandFailedException($"{member} is not enrolled ('hst-hub members' lists the members).");

        // Read every certificate first, so a bad --party-dir changes nothing.
        List<string> serials = rootKey is null ? [] : Serials(record, arguments.Optional(PartyDirectoryOption), member);
        var before = await MemberStatusChange.ApplyAsync(store, member, MemberStatus.Revoked, cancellationToken);
        if (rootKey is null)
        {
            MemberStatusChange.Report(context, member, before, MemberStatus.Revoked);
            if (!context.Json)
            {
                context.Out.WriteLine($"The CRL was not changed: the CA operator must revoke {member}'s certificates and publish the CRL at {HubOptions.Section}:{nameof(HubOptions.RevocationListPath)}.");
            }

            return HubCommandLine.Success;
        }

        var crl = DevelopmentCrl.Revoke(options, rootKey, serials, context.Time, TimeSpan.FromDays(crlDays));
        await store.AuditAsync(CommandContext.Actor, OperatorActions.RevokeCertificates, null,
            $"{member.Uri} serials {string.Join(",", serials)}; CRL number {crl.Number}", cancellationToken);
        if (context.Json)
        {
            context.WriteJson(new
            {
                Party = member.Uri, PreviousStatus = before, Status = MemberStatus.Revoked, RevokedSerials = serials,
                CrlNumber = crl.Number.ToString(CultureInfo.InvariantCulture), CrlPath = options.RevocationListPath, crl.NextUpdate,
            });
            return HubCommandLine.Success;
        }

        context.Out.WriteLine(before == MemberStatus.Revoked ? $"{member} was already Revoked." : $"{member}: {before} -> Revoked");
        context.Out.WriteLine($"CRL number {crl.Number} written to {options.RevocationListPath}: revoked {serials.Count} certificates ({string.Join(", ", serials)}); nextUpdate {CommandContext.Format(crl.NextUpdate)}.");
        return HubCommandLine.Success;
    }

    private static List<string> Serials(MemberRecord record, string? partyDirectory, PartyId member)
    {
        List<string> serials = [CertificateFiles.Serial(record.SigningCertificate), CertificateFiles.Serial(record.EncryptionCertificate)];
        if (partyDirectory is not null)
        {
            var signingPath = Path.Combine(partyDirectory, CredentialLoader.SigningCertificateFile);
            if (!CertificateFiles.ReadDer(signingPath).AsSpan().SequenceEqual(record.SigningCertificate))
            {
                throw new CommandFailedException($"{PartyDirectoryOption}: {signingPath} is not {member}'s enrolled signing certificate; is {partyDirectory} {member}'s party directory?");
            }

            serials.Add(CertificateFiles.Serial(CertificateFiles.ReadDer(Path.Combine(partyDirectory, CredentialLoader.TlsCertificateFile))));
        }

        return serials.Distinct(StringComparer.Ordinal).ToList();
    }

    private static int CrlDays(string? text)
    {
        if (text is null)
        {
            return 30;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is > 0 and <= 3650
            ? days
            : throw new CommandUsageException($"{CrlDaysOption} must be a whole number of days from 1 to 3650, not '{text}'.");
    }
}
