using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HstFederation.DevPki.Crypto;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;

namespace HstFederation.DevPki;

/// <summary>
/// A development/test certificate authority for the federation. Deterministic: the same seed and the same
/// calls give the same keys and byte-identical certificates and CRLs. All times are explicit. Thread-safe.
/// NEVER for production: every key derives from a seed, and the root key sits in a file.
/// </summary>
public sealed partial class DevelopmentPki
{
    public static readonly TimeSpan DefaultCertificateValidity = TimeSpan.FromDays(365);
    public static readonly TimeSpan RootValidity = TimeSpan.FromDays(3650);

    private readonly byte[] _seed;
    private readonly RootAuthority _root;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _generations = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);
    private BigInteger _crlNumber;

    private DevelopmentPki(byte[] seed, RootAuthority root, DateTimeOffset issuedAt, TimeSpan validity)
    {
        _seed = seed;
        _root = root;
        IssuedAt = Whole(issuedAt);
        CertificateValidity = validity;
    }

    /// <summary>Default notBefore of the certificates it issues.</summary>
    public DateTimeOffset IssuedAt { get; }

    public TimeSpan CertificateValidity { get; }

    public ReadOnlyMemory<byte> Seed => _seed;

    public byte[] RootCertificateDer => _root.CertificateDer;

    public string RootCertificatePem => PemEncoding.WriteString("CERTIFICATE", _root.CertificateDer);

    public string RootPrivateKeyPem => PemEncoding.WriteString("PRIVATE KEY", _root.Key.Pkcs8);

    public X500DistinguishedName RootName => _root.Name;

    /// <summary>A new root from <paramref name="seed"/>, valid from <paramref name="issuedAt"/> for ten years.</summary>
    public static DevelopmentPki Create(ReadOnlySpan<byte> seed, DateTimeOffset issuedAt, TimeSpan? certificateValidity = null, string rootSubject = RootAuthority.DefaultName)
    {
        if (seed.IsEmpty)
        {
            throw new ArgumentException("The seed must not be empty.", nameof(seed));
        }

        var validity = certificateValidity ?? DefaultCertificateValidity;
        var seedBytes = seed.ToArray();
        var key = P256Key.FromSeedBytes(KeyDerivation.Derive(seedBytes, "root/key"));
        var notBefore = Whole(issuedAt);
        var notAfter = notBefore + (validity > RootValidity ? validity + TimeSpan.FromDays(1) : RootValidity);
        var root = RootAuthority.Create(key, rootSubject, KeyDerivation.SerialNumber(seedBytes, "root"), notBefore, notAfter);
        return new DevelopmentPki(seedBytes, root, issuedAt, validity);
    }

    /// <summary>A new root from a random seed (normal CLI use).</summary>
    public static DevelopmentPki CreateRandom(DateTimeOffset issuedAt, TimeSpan? certificateValidity = null) =>
        Create(RandomNumberGenerator.GetBytes(32), issuedAt, certificateValidity);

    /// <summary>The federation trust of this root with <paramref name="crl"/>.</summary>
    public FederationTrust CreateTrust(IssuedCrl crl, TimeProvider time, TrustOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(crl);
        return new FederationTrust(_root.CertificateDer, crl.ToRevocationList(), time, options);
    }

    /// <summary>TLS, signing and encryption certificates for <paramref name="party"/>, all per profile.</summary>
    public IssuedParty IssueParty(PartyId party) =>
        new(party, IssueTls(party), IssueSigning(party), IssueEncryption(party));

    public IssuedCertificate IssueTls(PartyId party, CertificateOptions? options = null)
    {
        var label = NextLabel(party, CertificatePurpose.Tls);
        var key = P256Key.FromSeedBytes(KeyDerivation.Derive(_seed, label + "/key"));
        return Issue(party, CertificatePurpose.Tls, label, key.SubjectPublicKeyInfo, key.Pkcs8, null, options);
    }

    public IssuedCertificate IssueSigning(PartyId party, CertificateOptions? options = null)
    {
        var label = NextLabel(party, CertificatePurpose.MessageSigning);
        var seed = KeyDerivation.Derive(_seed, label + "/key");
        var spki = CurveKeyEncoding.SubjectPublicKeyInfo(CurveKeyEncoding.Ed25519, KeyPairs.Ed25519PublicKey(seed));
        return Issue(party, CertificatePurpose.MessageSigning, label, spki, CurveKeyEncoding.Pkcs8(CurveKeyEncoding.Ed25519, seed), seed, options);
    }

    public IssuedCertificate IssueEncryption(PartyId party, CertificateOptions? options = null)
    {
        var label = NextLabel(party, CertificatePurpose.MessageEncryption);
        var scalar = KeyDerivation.Derive(_seed, label + "/key");
        var spki = CurveKeyEncoding.SubjectPublicKeyInfo(CurveKeyEncoding.X25519, KeyPairs.X25519PublicKey(scalar));
        return Issue(party, CertificatePurpose.MessageEncryption, label, spki, CurveKeyEncoding.Pkcs8(CurveKeyEncoding.X25519, scalar), scalar, options);
    }

    private IssuedCertificate Issue(PartyId party, CertificatePurpose purpose, string label, byte[] spki, byte[] pkcs8, byte[]? raw, CertificateOptions? options)
    {
        options ??= new CertificateOptions();
        var issuer = options.IssuedBy?._root ?? _root;
        var serial = KeyDerivation.SerialNumber(_seed, label);
        var notBefore = Whole(options.NotBefore ?? IssuedAt);
        var notAfter = Whole(options.NotAfter ?? IssuedAt + CertificateValidity);
        var authorityKeyIdentifier = (options.AuthorityKeyIdentifierOf?._root ?? issuer).AuthorityKeyIdentifier;
        var der = CertificateFactory.Issue(issuer, authorityKeyIdentifier, spki, party, purpose, options, serial, notBefore, notAfter);
        return new IssuedCertificate(party, purpose, der, pkcs8, raw, Convert.ToHexString(serial));
    }

    /// <summary>Per (party, purpose) generation counter: a re-issued certificate gets new keys and a new serial.</summary>
    private string NextLabel(PartyId party, CertificatePurpose purpose)
    {
        var name = $"{party.Uri}/{purpose}";
        lock (_lock)
        {
            var generation = _generations.GetValueOrDefault(name);
            _generations[name] = generation + 1;
            return $"{name}/{generation}";
        }
    }

    private static DateTimeOffset Whole(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
