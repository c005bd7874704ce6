using System.Security.Cryptography;
using HstFederation.Protocol.Pki;

namespace HstFederation.Node.Hosting;

/// <summary>
/// This NCB's certificates as the commands that sign nothing need them (`status` reports on them, `cancel` names the
/// source of what it purges): loaded and trusted when they can be (<see cref="NodeCredentials"/>), else, when the only
/// fault is the trust data's (the CRL stale) or that this NCB is revoked, read as issued by the federation root with
/// <see cref="Refusal"/> saying why they cannot be used. Nothing is signed, sealed or verified with them then; a missing
/// file or a certificate from another root is still refused as every command refuses it. A private key that does not
/// match its certificate is not looked at then (the certificates are refused before the keys are compared), so only
/// the CRL's or the revocation's problem is reported; nothing uses the keys, and serve finds the mismatch once it can start.
/// </summary>
internal sealed record HeldCredentials(
    FederationTrust Trust, CertifiedKey Tls, CertifiedKey Signing, CertifiedKey Encryption, IReadOnlyList<CertifiedKey> PreviousEncryption,
    NodeCredentials? Loaded, CredentialsRefusal? Refusal)
{
    public string Party => Signing.Party.Uri;

    public static HeldCredentials Load(NodeOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            var loaded = NodeCredentials.Load(options, time);
            var party = loaded.Party;
            var tls = CredentialLoader.LoadCertificate(options.CredentialsDirectory, CredentialLoader.TlsCertificateFile, CertificatePurpose.Tls, loaded.Trust);
            return new HeldCredentials(loaded.Trust, tls, party.Signing, party.Encryption, party.PreviousEncryption, loaded, null);
        }
        catch (NodeConfigurationException refused) when (Read(options, time, refused.Message) is { } held)
        {
            return held;
        }
    }

    /// <summary>The certificates as issued, when the trust data or a revocation is what refused them; null otherwise (refused as it was).</summary>
    private static HeldCredentials? Read(NodeOptions options, TimeProvider time, string refused)
    {
        try
        {
            var trust = FederationTrust.Load(options.RootCertificatePath, options.RevocationListPath, time, new TrustOptions { RevocationGrace = options.RevocationGrace });
            var directory = options.CredentialsDirectory;
            if (Issued(trust, Path.Combine(directory, CredentialLoader.TlsCertificateFile), CertificatePurpose.Tls) is not { } tls
                || Issued(trust, Path.Combine(directory, CredentialLoader.SigningCertificateFile), CertificatePurpose.MessageSigning) is not { } signing
                || Issued(trust, Path.Combine(directory, CredentialLoader.EncryptionCertificateFile), CertificatePurpose.MessageEncryption) is not { } encryption
                || signing.Party != tls.Party || encryption.Party != tls.Party || tls.Party.IsHub)
            {
                return null;
            }

            var refusal = trust.StaleReason() is { } stale
                ? new CredentialsRefusal(CredentialsRefusalKind.RevocationDataStale, stale, refused)
                : Revocation(trust, time, signing, tls, encryption) is { } revoked
                ? new CredentialsRefusal(CredentialsRefusalKind.Revoked, revoked, refused)
                : null;
            return refusal is null ? null : new HeldCredentials(trust, tls, signing, encryption, Previous(trust, directory), null, refusal);
        }
        catch (CredentialException)
        {
            return null;
        }
    }

    /// <summary>Why the CRL revokes one of these certificates now (the signing one first: what the sender checks), or null.</summary>
    private static string? Revocation(FederationTrust trust, TimeProvider time, params CertifiedKey[] keys)
    {
        var now = time.GetUtcNow();
        foreach (var key in keys)
        {
            var check = trust.Validate(key.CertificateDer.Span, key.Purpose, now);
            if (check.Problem == CertificateProblem.Revoked)
            {
                return check.Detail;
            }
        }

        return null;
    }

    /// <summary>The previous encryption keys' certificates, for the report only; one that cannot be read is left out.</summary>
    private static List<CertifiedKey> Previous(FederationTrust trust, string directory)
    {
        var previous = Path.Combine(directory, CredentialLoader.PreviousKeysDirectory);
        if (!Directory.Exists(previous))
        {
            return [];
        }

        return [.. Directory.GetDirectories(previous).Order(StringComparer.Ordinal)
            .Select(folder => Issued(trust, Path.Combine(folder, CredentialLoader.EncryptionCertificateFile), CertificatePurpose.MessageEncryption))
            .OfType<CertifiedKey>()];
    }

    private static CertifiedKey? Issued(FederationTrust trust, string path, CertificatePurpose purpose)
    {
        try
        {
            var pem = File.ReadAllText(path);
            return PemEncoding.TryFind(pem, out var fields) && pem[fields.Label].SequenceEqual("CERTIFICATE")
                ? trust.ValidateIssued(Convert.FromBase64String(pem[fields.Base64Data]), purpose).Key
                : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
