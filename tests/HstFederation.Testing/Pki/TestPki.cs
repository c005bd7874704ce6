using System.Collections.Concurrent;
using System.Text;
using HstFederation.DevPki;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;

namespace HstFederation.Testing.Pki;

/// <summary>
/// A throw-away federation in memory: root, CRL, trust on the given clock, and credentials for the hub and
/// the named members. Deterministic (fixed default seed), so test vectors built on it are stable.
/// <code>
/// var pki = TestPki.Create(time, "FR", "DE");
/// PartyCredentials fr = pki.Member("FR");
/// CertifiedKey deEncryption = pki.Member("DE").Encryption;
/// FederationTrust trust = pki.Trust;
/// </code>
/// </summary>
public sealed class TestPki
{
    /// <summary>The seed used unless one is given: "HstFederation test PKI" in ASCII.</summary>
    public static readonly byte[] DefaultSeed = Encoding.ASCII.GetBytes("HstFederation test PKI");

    /// <summary>How long each CRL of the fixture is current (nextUpdate = thisUpdate + this).</summary>
    public static readonly TimeSpan CrlValidity = TimeSpan.FromDays(7);

    private readonly ConcurrentDictionary<PartyId, PartyCredentials> _credentials = new();
    private readonly DevelopmentFederation _federation;

    private TestPki(DevelopmentFederation federation, TimeProvider time)
    {
        _federation = federation;
        Time = time;
        Crl = federation.Crl;
        Trust = federation.CreateTrust(time);
    }

    public TimeProvider Time { get; }

    /// <summary>The issuing authority: mint bad certificates (CertificateOptions), revoke, issue CRLs.</summary>
    public DevelopmentPki Authority => _federation.Pki;

    /// <summary>The trust of every party: this root, the current CRL, the fixture's clock.</summary>
    public FederationTrust Trust { get; }

    /// <summary>The CRL currently loaded into <see cref="Trust"/>.</summary>
    public IssuedCrl Crl { get; private set; }

    public PartyCredentials Hub => Credentials(_federation.Hub);

    public IssuedParty IssuedHub => _federation.Hub;

    public IEnumerable<string> MemberCodes => _federation.Members.Keys;

    /// <summary>A federation created at <c>time.GetUtcNow()</c> with the default seed.</summary>
    public static TestPki Create(TimeProvider time, params string[] memberCodes) => Create(time, DefaultSeed, memberCodes);

    public static TestPki Create(TimeProvider time, byte[] seed, params string[] memberCodes)
    {
        ArgumentNullException.ThrowIfNull(time);
        var pki = DevelopmentPki.Create(seed, time.GetUtcNow());
        return new TestPki(DevelopmentFederation.Create(pki, memberCodes, CrlValidity), time);
    }

    /// <summary>The message credentials of member <paramref name="countryCode"/> (validated against <see cref="Trust"/>).</summary>
    public PartyCredentials Member(string countryCode) => Credentials(IssuedMember(countryCode));

    /// <summary>All three certificates and private keys of a member (TLS included).</summary>
    public IssuedParty IssuedMember(string countryCode) =>
        _federation.Members.TryGetValue(countryCode, out var member)
            ? member
            : throw new ArgumentException($"{countryCode} is not a member of this test federation.", nameof(countryCode));

    /// <summary>Revokes <paramref name="certificate"/> at <paramref name="revokedAt"/> and loads a fresh CRL (thisUpdate = now).</summary>
    public IssuedCrl Revoke(IssuedCertificate certificate, DateTimeOffset revokedAt)
    {
        Authority.Revoke(certificate, revokedAt);
        return RefreshCrl();
    }

    /// <summary>Revokes all three certificates of member <paramref name="countryCode"/> and loads a fresh CRL.</summary>
    public IssuedCrl RevokeMember(string countryCode, DateTimeOffset revokedAt) => Revoke(IssuedMember(countryCode), revokedAt);

    /// <summary>Revokes all three certificates of the hub and loads a fresh CRL.</summary>
    public IssuedCrl RevokeHub(DateTimeOffset revokedAt) => Revoke(IssuedHub, revokedAt);

    /// <summary>Revokes all three certificates of <paramref name="party"/> and loads a fresh CRL.</summary>
    public IssuedCrl Revoke(IssuedParty party, DateTimeOffset revokedAt)
    {
        Authority.Revoke(party, revokedAt);
        return RefreshCrl();
    }

    /// <summary>Issues a new CRL as of now and loads it into <see cref="Trust"/>.</summary>
    public IssuedCrl RefreshCrl()
    {
        var now = Time.GetUtcNow();
        var crl = Authority.IssueCrl(now, now + CrlValidity);
        Trust.UpdateRevocationList(crl.ToRevocationList());
        Crl = crl;
        return crl;
    }

    /// <summary>Another trust of the same root and CRL, e.g. on another clock or with other options.</summary>
    public FederationTrust CreateTrust(TimeProvider time, TrustOptions? options = null) => Authority.CreateTrust(Crl, time, options);

    private PartyCredentials Credentials(IssuedParty party) => _credentials.GetOrAdd(party.Party, _ => party.ToCredentials(Trust));
}
