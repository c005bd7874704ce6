using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HstFederation.Protocol.Pki;

/// <summary>
/// Loads a party's credentials from its directory (tls.crt.pem, tls.key.pem, signing.crt.pem, signing.key.pem,
/// encryption.crt.pem, encryption.key.pem), validating every certificate against the federation trust now, and the
/// encryption keys it held before a rotation from previous/*/ (encryption.crt.pem and encryption.key.pem in each
/// folder). Every failure is a <see cref="CredentialException"/> naming the file and the problem.
/// </summary>
public static class CredentialLoader
{
    public const string TlsCertificateFile = "tls.crt.pem";
    public const string TlsKeyFile = "tls.key.pem";
    public const string SigningCertificateFile = "signing.crt.pem";
    public const string SigningKeyFile = "signing.key.pem";
    public const string EncryptionCertificateFile = "encryption.crt.pem";
    public const string EncryptionKeyFile = "encryption.key.pem";
    public const string RootCertificateFile = "root.crt.pem";
    public const string RevocationListFile = "federation.crl.pem";

    /// <summary>The folder of the party directory whose subfolders each hold a previous encryption key (docs/node.md, "Renewing keys").</summary>
    public const string PreviousKeysDirectory = "previous";

    /// <summary>The message keys of the party, checked against its TLS certificate's identity.</summary>
    public static PartyCredentials LoadPartyCredentials(string partyDirectory, FederationTrust trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var tls = LoadCertificate(partyDirectory, TlsCertificateFile, CertificatePurpose.Tls, trust);
        var signing = LoadCertificate(partyDirectory, SigningCertificateFile, CertificatePurpose.MessageSigning, trust);
        var encryption = LoadCertificate(partyDirectory, EncryptionCertificateFile, CertificatePurpose.MessageEncryption, trust);
        if (signing.Party != tls.Party)
        {
            throw new CredentialException(Path.Combine(partyDirectory, SigningCertificateFile), $"identity {signing.Party} differs from the TLS certificate's identity {tls.Party}");
        }

        if (encryption.Party != tls.Party)
        {
            throw new CredentialException(Path.Combine(partyDirectory, EncryptionCertificateFile), $"identity {encryption.Party} differs from the TLS certificate's identity {tls.Party}");
        }

        var signingKeyPath = Path.Combine(partyDirectory, SigningKeyFile);
        var signingKey = PrivateKeyFiles.ReadRaw32(signingKeyPath, CertificateProfile.Ed25519, "Ed25519");
        RequireMatch(signingKeyPath, Crypto.KeyPairs.Ed25519PublicKey(signingKey), signing);
        var encryptionKeyPath = Path.Combine(partyDirectory, EncryptionKeyFile);
        var encryptionKey = PrivateKeyFiles.ReadRaw32(encryptionKeyPath, CertificateProfile.X25519, "X25519");
        RequireMatch(encryptionKeyPath, Crypto.KeyPairs.X25519PublicKey(encryptionKey), encryption);
        PartyCredentials credentials;
        try
        {
            credentials = new PartyCredentials(signing, signingKey, encryption, encryptionKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(signingKey);
            CryptographicOperations.ZeroMemory(encryptionKey);
        }

        return WithPreviousEncryptionKeys(credentials, partyDirectory, trust);
    }

    /// <summary>
    /// Adds the encryption keys of previous/*/ (in folder name order), for opening only. Each certificate must be issued by
    /// the root for this party's message encryption, but need not be valid now (it was replaced; it may have expired or
    /// been revoked since): what it opens was signed by its sender, and is judged by the sender's key. A folder without
    /// both files, a file that cannot be read, a key that does not match, or a key held twice stops the load.
    /// </summary>
    private static PartyCredentials WithPreviousEncryptionKeys(PartyCredentials credentials, string partyDirectory, FederationTrust trust)
    {
        var previous = Path.Combine(partyDirectory, PreviousKeysDirectory);
        if (!Directory.Exists(previous))
        {
            return credentials;
        }

        string[] folders;
        try
        {
            // A key file left directly in previous/ would otherwise be skipped without a word.
            folders = Directory.GetFiles(previous).FirstOrDefault() is { } stray
                ? throw new CredentialException(stray, $"each previous key goes in a folder of its own: {PreviousKeysDirectory}/NAME/{EncryptionCertificateFile} and {EncryptionKeyFile}")
                : Directory.GetDirectories(previous);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CredentialException(previous, "cannot be read: " + e.Message, e);
        }

        foreach (var folder in folders.Order(StringComparer.Ordinal))
        {
            var certificatePath = Path.Combine(folder, EncryptionCertificateFile);
            var check = trust.ValidateIssued(PemFiles.ReadBlock(certificatePath, Pem.CertificateLabel), CertificatePurpose.MessageEncryption);
            if (check.Key is not { } certified)
            {
                throw new CredentialException(certificatePath, $"previous encryption certificate problem {check.Problem}: {check.Detail}");
            }

            if (certified.Party != credentials.Party)
            {
                throw new CredentialException(certificatePath, $"identity {certified.Party} differs from the TLS certificate's identity {credentials.Party}");
            }

            var keyPath = Path.Combine(folder, EncryptionKeyFile);
            var key = PrivateKeyFiles.ReadRaw32(keyPath, CertificateProfile.X25519, "X25519");
            try
            {
                RequireMatch(keyPath, Crypto.KeyPairs.X25519PublicKey(key), certified);
                credentials = credentials.WithPreviousEncryptionKey(certified, key);
            }
            catch (ArgumentException e)
            {
                throw new CredentialException(certificatePath, e.Message, e);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }

        return credentials;
    }

    /// <summary>The TLS certificate with its private key, usable by Kestrel and as an SslStream client certificate.</summary>
    public static X509Certificate2 LoadTlsCertificate(string partyDirectory, FederationTrust trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var certificatePath = Path.Combine(partyDirectory, TlsCertificateFile);
        var keyPath = Path.Combine(partyDirectory, TlsKeyFile);
        var tls = LoadCertificate(partyDirectory, TlsCertificateFile, CertificatePurpose.Tls, trust);
        using (var key = PrivateKeyFiles.ReadP256(keyPath))
        {
            RequireMatch(keyPath, key.ExportSubjectPublicKeyInfo(), tls);
        }

        var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        // SChannel cannot use an ephemeral key; a PKCS#12 round trip gives it a persisted one.
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }

    /// <summary>
    /// What the operator does next. Out of its dates or revoked, only a new certificate from the CA operator helps. A stale
    /// CRL is refused through whichever certificate is judged first, though the certificate is not at fault: say so.
    /// </summary>
    private static string NextStep(CertificateProblem problem) => problem switch
    {
        CertificateProblem.Expired => "; put a renewed certificate from the CA operator (and its key) in its place and start again",
        CertificateProblem.NotYetValid => "; check this machine's clock, or wait until the certificate's start",
        CertificateProblem.Revoked => "; these credentials are revoked and can never be used again: the federation takes this party back only with new certificates from the CA operator (a member enrolled again at the hub)",
        CertificateProblem.RevocationDataStale => "; this certificate is not at fault: no certificate can be judged until a fresh federation CRL from the CA operator is in place of the CRL file (RevocationListPath)",
        _ => string.Empty,
    };

    /// <summary>Reads and validates one certificate of the party directory at the trust's current time.</summary>
    public static CertifiedKey LoadCertificate(string partyDirectory, string fileName, CertificatePurpose purpose, FederationTrust trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var path = Path.Combine(partyDirectory, fileName);
        var der = PemFiles.ReadBlock(path, Pem.CertificateLabel);
        var check = trust.Validate(der, purpose, trust.Time.GetUtcNow());
        return check.Key ?? throw new CredentialException(path, $"certificate problem {check.Problem}: {check.Detail}{NextStep(check.Problem)}");
    }

    private static void RequireMatch(string keyPath, ReadOnlySpan<byte> publicKey, CertifiedKey certified)
    {
        if (!publicKey.SequenceEqual(certified.PublicKey.Span))
        {
            throw new CredentialException(keyPath, $"the private key does not match the {certified.Purpose} certificate of {certified.Party} (serial {certified.SerialNumber})");
        }
    }
}
