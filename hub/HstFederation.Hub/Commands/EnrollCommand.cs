using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Commands;

/// <summary>
/// `enroll CC`: checks the member's message certificates with the federation trust (issued by the root,
/// not revoked, right purpose, identity = that member) and records the member as active.
/// </summary>
internal sealed class EnrollCommand : IHubCommand
{
    private const string SigningOption = "--signing-cert";
    private const string EncryptionOption = "--encryption-cert";
    private const string PartyDirectoryOption = "--party-dir";

    public string Name => "enroll";

    public string Summary => "Enrol a member (or replace its certificates) after checking them with the federation trust.";

    public string Help => """
        Usage: hst-hub enroll <CC> (--signing-cert FILE --encryption-cert FILE | --party-dir DIR) [--json]

        Validates the member's message signing (Ed25519) and encryption (X25519) certificates against the
        federation root (Hub:RootCertificatePath) and CRL (Hub:RevocationListPath): issued by the root, valid
        now, not revoked, the right key type and usage, and the identity urn:hst:member:<CC>. Refuses with
        the problem otherwise. Then records the member as Active with these certificates (a member enrolled
        before gets the new certificates and becomes Active). The running hub sees the change within
        Hub:RegistryRefresh. Needs Hub:DatabasePath, Hub:RootCertificatePath, Hub:RevocationListPath.

        Options:
          --signing-cert FILE      the member's signing certificate (PEM or DER)
          --encryption-cert FILE   the member's encryption certificate (PEM or DER)
          --party-dir DIR          instead of both: a party directory with signing.crt.pem and encryption.crt.pem
          --json                   machine-readable result

        Example:
          $ hst-hub enroll FR --party-dir pki/members/FR
          Enrolled urn:hst:member:FR: Active
            signing key     4b1f0c...  (serial 2F..., valid until 2027-03-01 12:00:00Z)
            encryption key  9e23aa...  (serial 51..., valid until 2027-03-01 12:00:00Z)
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { SigningOption, EncryptionOption, PartyDirectoryOption };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var arguments = context.Arguments;
        arguments.ExpectPositionals("<CC>");
        var member = MemberCodes.Parse(arguments.Positionals[0]);
        var (signingPath, encryptionPath) = CertificatePaths(arguments);
        RequireFiles(arguments.Optional(PartyDirectoryOption), signingPath, encryptionPath);
        var options = context.Settings(
            nameof(HubOptions.DatabasePath), nameof(HubOptions.RootCertificatePath), nameof(HubOptions.RevocationListPath));
        var trust = FederationTrust.Load(options.RootCertificatePath, options.RevocationListPath, context.Time);
        var signing = Check(trust, member, signingPath, CertificatePurpose.MessageSigning, context.Time);
        var encryption = Check(trust, member, encryptionPath, CertificatePurpose.MessageEncryption, context.Time);

        await using var store = context.OpenStore(options);
        var previous = await store.GetMemberAsync(member, cancellationToken);
        if (previous is { Status: MemberStatus.Revoked })
        {
            RefuseCertificatesHeldWhenRevoked(member, previous, (signingPath, signing), (encryptionPath, encryption));
        }

        await store.UpsertMemberAsync(
            member, MemberStatus.Active, signing.CertificateDer.ToArray(), encryption.CertificateDer.ToArray(), CommandContext.Actor,
            cancellationToken);
        if (context.Json)
        {
            context.WriteJson(new
            {
                Party = member.Uri,
                Status = MemberStatus.Active,
                PreviousStatus = previous?.Status,
                Signing = CertificateSummary.Of(signing.CertificateDer.ToArray()),
                Encryption = CertificateSummary.Of(encryption.CertificateDer.ToArray()),
            });
            return HubCommandLine.Success;
        }

        context.Out.WriteLine($"Enrolled {member}: Active{(previous is null ? string.Empty : $" (was {previous.Status})")}");
        context.Out.WriteLine($"  signing key     {Describe(signing)}");
        context.Out.WriteLine($"  encryption key  {Describe(encryption)}");
        return HubCommandLine.Success;
    }

    private static (string Signing, string Encryption) CertificatePaths(CommandArguments arguments)
    {
        var directory = arguments.Optional(PartyDirectoryOption);
        var signing = arguments.Optional(SigningOption);
        var encryption = arguments.Optional(EncryptionOption);
        if (directory is not null)
        {
            return signing is null && encryption is null
                ? (Path.Combine(directory, CredentialLoader.SigningCertificateFile), Path.Combine(directory, CredentialLoader.EncryptionCertificateFile))
                : throw new CommandUsageException($"give either {PartyDirectoryOption} or {SigningOption} and {EncryptionOption}, not both.");
        }

        return (signing ?? throw new CommandUsageException($"{SigningOption} FILE (or {PartyDirectoryOption} DIR) is required."),
            encryption ?? throw new CommandUsageException($"{EncryptionOption} FILE (or {PartyDirectoryOption} DIR) is required."));
    }

    /// <summary>
    /// A missing directory or file is named with what belongs there, before any certificate is parsed (the X.509
    /// loader would report it as an OpenSSL "BIO routines::no such file").
    /// </summary>
    private static void RequireFiles(string? partyDirectory, params string[] paths)
    {
        const string Contents = $"a party directory holds the member's {CredentialLoader.SigningCertificateFile} and {CredentialLoader.EncryptionCertificateFile}";
        if (partyDirectory is not null && !System.IO.Directory.Exists(partyDirectory))
        {
            throw new CommandFailedException($"{PartyDirectoryOption}: {partyDirectory}: no such directory; {Contents} (e.g. pki/members/FR).");
        }

        if (paths.FirstOrDefault(path => !File.Exists(path)) is { } missing)
        {
            throw new CommandFailedException(
                partyDirectory is null ? $"{missing}: file not found." : $"{PartyDirectoryOption}: {missing}: file not found; {Contents}.");
        }
    }

    /// <summary>
    /// Revocation is final: a revoked member comes back only with new certificates. The registry still holds the
    /// certificates the member had when it was revoked (revoking changes only the status), so a serial among them is
    /// refused even when the CA operator has not yet put it on the CRL.
    /// </summary>
    private static void RefuseCertificatesHeldWhenRevoked(PartyId member, MemberRecord revoked, params (string Path, CertifiedKey Key)[] offered)
    {
        var held = new[] { revoked.SigningCertificate, revoked.EncryptionCertificate }.Select(CertificateFiles.Serial).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, key) in offered)
        {
            if (held.Contains(key.SerialNumber))
            {
                throw new CommandFailedException(
                    $"{path}: refused: serial {key.SerialNumber} is a certificate {member} held when it was revoked; a revoked member is enrolled again only with new certificates.");
            }
        }
    }

    private static CertifiedKey Check(FederationTrust trust, PartyId member, string path, CertificatePurpose purpose, TimeProvider time)
    {
        var check = trust.Validate(CertificateFiles.ReadDer(path), purpose, time.GetUtcNow());
        if (check.Key is not { } key)
        {
            throw new CommandFailedException($"{path}: refused as {member}'s {purpose} certificate: {check.Problem}: {check.Detail}");
        }

        return key.Party == member
            ? key
            : throw new CommandFailedException($"{path}: refused: the certificate is {key.Party}'s, not {member}'s (identity mismatch).");
    }

    private static string Describe(CertifiedKey key) =>
        $"{Convert.ToHexStringLower(key.KeyId.Span)}  (serial {key.SerialNumber}, valid until {CommandContext.Format(key.NotAfter)})";
}
