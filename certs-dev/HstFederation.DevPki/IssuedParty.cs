using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;

namespace HstFederation.DevPki;

/// <summary>A party's three certificates and keys (TLS, message signing, message encryption).</summary>
public sealed class IssuedParty
{
    internal IssuedParty(PartyId party, IssuedCertificate tls, IssuedCertificate signing, IssuedCertificate encryption)
    {
        Party = party;
        Tls = tls;
        Signing = signing;
        Encryption = encryption;
    }

    public PartyId Party { get; }

    public IssuedCertificate Tls { get; }

    public IssuedCertificate Signing { get; }

    public IssuedCertificate Encryption { get; }

    public IEnumerable<IssuedCertificate> All => [Tls, Signing, Encryption];

    /// <summary>Validates the message certificates against <paramref name="trust"/> now and returns the credentials.</summary>
    /// <exception cref="InvalidOperationException">A certificate is not valid under <paramref name="trust"/>.</exception>
    public PartyCredentials ToCredentials(FederationTrust trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        return new PartyCredentials(Certified(Signing, trust), Signing.RawPrivateKey ?? [], Certified(Encryption, trust), Encryption.RawPrivateKey ?? []);
    }

    /// <summary>Writes the six files of a party directory (tls/signing/encryption .crt.pem and .key.pem).</summary>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        PemWriter.WriteCertificate(Path.Combine(directory, CredentialLoader.TlsCertificateFile), Tls);
        PemWriter.WritePrivateKey(Path.Combine(directory, CredentialLoader.TlsKeyFile), Tls.PrivateKeyPem);
        PemWriter.WriteCertificate(Path.Combine(directory, CredentialLoader.SigningCertificateFile), Signing);
        PemWriter.WritePrivateKey(Path.Combine(directory, CredentialLoader.SigningKeyFile), Signing.PrivateKeyPem);
        PemWriter.WriteCertificate(Path.Combine(directory, CredentialLoader.EncryptionCertificateFile), Encryption);
        PemWriter.WritePrivateKey(Path.Combine(directory, CredentialLoader.EncryptionKeyFile), Encryption.PrivateKeyPem);
    }

    private static CertifiedKey Certified(IssuedCertificate certificate, FederationTrust trust)
    {
        var check = certificate.Validate(trust);
        return check.Key ?? throw new InvalidOperationException($"The {certificate.Purpose} certificate of {certificate.Party} is not valid: {check.Problem}: {check.Detail}");
    }
}
