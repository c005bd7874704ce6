using System.Globalization;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Commands;

/// <summary>`revoke CC --yes`: marks the member Revoked; with --root-key (development PKI) also adds its certificates to the CRL.</summary>
internal sealed class RevokeCommand : IHubCommand
{
    public const string YesFlag = "--yes";
    private const string RootKeyOption = "--root-key";
    private const string PartyDirectoryOption = "--party-dir";
    private const string CrlDaysOption = "--crl-days";

    public string Name => "revoke";

    public string Summary => "Revoke a member (final; --yes); with --root-key also put its certificates on the development CRL.";

    public string Help => """
        Usage: hst-hub revoke <CC> [--root-key FILE [--party-dir DIR] [--crl-days N]] --yes [--json]

        Marks the member Revoked in the registry (audited; final: a revoked member is only enrolled again
        with new certificates). The running hub refuses every call of the member within Hub:RegistryRefresh,
        and the signed directory tells every node. Needs Hub:DatabasePath.

        Without --yes nothing changes: it prints what would happen (the member, its status, the certificate
        serials) and exits 2. Everything is checked before anything changes: a missing or wrong root key, party
        directory or CRL location leaves the member as it was.

        Without --root-key the CRL is not touched: the CA operator must revoke the member's certificates
        and publish the new CRL at Hub:RevocationListPath (the hub re-reads it every
        Hub:RevocationListRefresh and installs it when it is newer than the one it holds).

        With --root-key (DEVELOPMENT PKI ONLY, certs-dev): also revokes the member's signing and encryption
        certificates (from the registry), and its TLS certificate when --party-dir is given, in a new CRL
        signed with that root key and written to Hub:RevocationListPath (needs Hub:RootCertificatePath too).
        For a member already Revoked it adds what the CRL does not list yet (finishing an earlier revoke).

        Options:
          --yes             really revoke (without it: only show what would happen)
          --root-key FILE   the development root's private key (pki/root/root.key.pem)
          --party-dir DIR   the member's party directory, to revoke its TLS certificate as well
          --crl-days N      days until the new CRL's nextUpdate, default 30
          --json            machine-readable result

        Example:
          $ hst-hub revoke ES --root-key pki/root/root.key.pem --party-dir pki/members/ES --yes
          urn:hst:member:ES: Active -> Revoked
          CRL number 2 written to pki/federation.crl.pem: revoked 3 certificates (1A2B..., 3C4D..., 5E6F...)
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { RootKeyOption, PartyDirectoryOption, CrlDaysOption };

    public IReadOnlySet<string> Flags { get; } = new HashSet<string> { YesFlag };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var arguments = context.Arguments;
        arguments.ExpectPositionals("<CC>");
        var member = MemberCodes.Parse(arguments.Positionals[0]);
        var rootKey = arguments.Optional(RootKeyOption);
        var partyDirectory = arguments.Optional(PartyDirectoryOption);
        if (rootKey is null && (partyDirectory ?? arguments.Optional(CrlDaysOption)) is not null)
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

        // Read and check everything first (certificates, party directory, root key, CRL): a refusal changes nothing.
        var serials = Serials(record, partyDirectory, member);
        // Held until the new CRL is in place: a second revoke --root-key meanwhile is refused before it changes anything.
        using var crl = rootKey is null ? null : DevelopmentCrl.Open(options, rootKey, context.Time);
        var unlisted = crl?.NotListed(serials) ?? [];
        if (!arguments.Flag(YesFlag))
        {
            RevokePreview.Write(context, member, record.Status, serials, crl, unlisted);
            return HubCommandLine.BadArguments;
        }

        using var staged = unlisted.Count == 0 ? null : crl!.Stage(unlisted, context.Time, TimeSpan.FromDays(crlDays));
        var before = await MemberStatusChange.ApplyAsync(store, member, MemberStatus.Revoked, cancellationToken);
        if (crl is null)
        {
            MemberStatusChange.Report(context, member, before, MemberStatus.Revoked);
            if (!context.Json)
            {
                context.Out.WriteLine($"The CRL was not changed: the CA operator must revoke {member}'s certificates ({string.Join(", ", serials)}) and publish the CRL at {HubOptions.Section}:{nameof(HubOptions.RevocationListPath)}.");
            }

            return HubCommandLine.Success;
        }

        if (staged is not null)
        {
            Install(staged, member, unlisted, context.Arguments);
            await store.AuditAsync(CommandContext.Actor, OperatorActions.RevokeCertificates, null,
                $"{member.Uri} serials {string.Join(",", unlisted)}; CRL number {staged.Crl.Number}", cancellationToken);
        }

        Report(context, member, before, unlisted, crl, staged);
        return HubCommandLine.Success;
    }

    /// <summary>The member is Revoked by now: a CRL that cannot be put in place says so, and how to finish.</summary>
    private static void Install(StagedCrl staged, PartyId member, List<string> serials, CommandArguments arguments)
    {
        try
        {
            staged.Install();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var rerun = $"hst-hub revoke {member.Code} {RootKeyOption} {arguments.Optional(RootKeyOption)}"
                + (arguments.Optional(PartyDirectoryOption) is { } directory ? $" {PartyDirectoryOption} {directory}" : string.Empty) + $" {YesFlag}";
            throw new CommandFailedException(
                $"{member} IS NOW REVOKED in the registry, but the new CRL could not be written to {staged.Path}: {e.Message}. "
                + $"The CRL does not list its certificates ({string.Join(", ", serials)}) yet: fix that, then run '{rerun}' to finish the CRL.", e);
        }
    }

    private static void Report(CommandContext context, PartyId member, MemberStatus before, List<string> added, DevelopmentCrl crl, StagedCrl? staged)
    {
        if (context.Json)
        {
            context.WriteJson(new
            {
                Party = member.Uri, PreviousStatus = before, Status = MemberStatus.Revoked, RevokedSerials = added,
                CrlNumber = (staged?.Crl.Number ?? crl.CurrentNumber)?.ToString(CultureInfo.InvariantCulture), CrlPath = crl.Path,
                CrlWritten = staged is not null, staged?.Crl.NextUpdate,
            });
            return;
        }

        context.Out.WriteLine(before == MemberStatus.Revoked ? $"{member} is already Revoked; the registry did not change." : $"{member}: {before} -> Revoked");
        context.Out.WriteLine(staged is null
            ? $"The CRL at {crl.Path} already lists {member}'s certificates (CRL number {crl.CurrentNumber}); it was not changed."
            : $"CRL number {staged.Crl.Number} written to {crl.Path}: revoked {added.Count} certificates ({string.Join(", ", added)}); nextUpdate {CommandContext.Format(staged.Crl.NextUpdate)}.");
    }

    /// <summary>The member's signing and encryption serials from the registry, and its TLS serial from its party directory if given.</summary>
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
