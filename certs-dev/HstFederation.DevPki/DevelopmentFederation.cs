using HstFederation.DevPki.Crypto;
using HstFederation.Entities;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;

namespace HstFederation.DevPki;

/// <summary>A whole development federation in memory: root, hub, members and a CRL; writable to a directory.</summary>
public sealed class DevelopmentFederation
{
    private DevelopmentFederation(DevelopmentPki pki, IssuedParty hub, IReadOnlyDictionary<string, IssuedParty> members, IssuedCrl crl)
    {
        Pki = pki;
        Hub = hub;
        Members = members;
        Crl = crl;
        MatchingKey = new MatchingKey(MatchingKeyId, KeyDerivation.Derive(pki.Seed.Span, "federation/matching-key"));
    }

    /// <summary>The id of the matching key a federation is created with.</summary>
    public const string MatchingKeyId = "dev-1";

    public DevelopmentPki Pki { get; }

    public IssuedParty Hub { get; }

    /// <summary>By ISO 3166-1 alpha-2 code.</summary>
    public IReadOnlyDictionary<string, IssuedParty> Members { get; }

    public IssuedCrl Crl { get; }

    /// <summary>
    /// The federation matching key (blind tokens of direct exchanges, docs/node.md): one key, derived from the seed like
    /// every key here, written to every member's directory and never to the hub's, which must not be able to compute tokens.
    /// </summary>
    public MatchingKey MatchingKey { get; }

    /// <summary>
    /// Issues the hub's and every member's credentials and an empty CRL valid for <paramref name="crlValidity"/>.
    /// Parties are issued in parallel; the result does not depend on the order.
    /// </summary>
    public static DevelopmentFederation Create(DevelopmentPki pki, IEnumerable<string> memberCodes, TimeSpan crlValidity)
    {
        ArgumentNullException.ThrowIfNull(pki);
        var parties = memberCodes.Distinct(StringComparer.Ordinal).Select(PartyId.Member).ToList();
        var issued = new IssuedParty[parties.Count];
        Parallel.For(0, parties.Count, i => issued[i] = pki.IssueParty(parties[i]));
        var hub = pki.IssueParty(PartyId.Hub);
        var crl = pki.IssueCrl(pki.IssuedAt, pki.IssuedAt + crlValidity);
        var members = issued.ToDictionary(party => party.Party.Code, StringComparer.Ordinal);
        return new DevelopmentFederation(pki, hub, members, crl);
    }

    public FederationTrust CreateTrust(TimeProvider time, TrustOptions? options = null) => Pki.CreateTrust(Crl, time, options);

    /// <summary>Writes the layout described by <see cref="FederationLayout"/> into <paramref name="directory"/>.</summary>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(FederationLayout.RootDirectory(directory));
        File.WriteAllText(FederationLayout.RootCertificate(directory), Pki.RootCertificatePem + "\n");
        PemWriter.WritePrivateKey(FederationLayout.RootPrivateKey(directory), Pki.RootPrivateKeyPem);
        File.WriteAllText(FederationLayout.RevocationList(directory), Crl.Pem + "\n");
        Hub.WriteTo(FederationLayout.HubDirectory(directory));
        foreach (var (code, member) in Members)
        {
            member.WriteTo(FederationLayout.MemberDirectory(directory, code));
        }

        WriteMatchingKeys(directory, Members.Keys, [MatchingKey]);
    }

    /// <summary>Writes <paramref name="keys"/> (the current first) as the matching key file of each member in <paramref name="codes"/>.</summary>
    public static void WriteMatchingKeys(string directory, IEnumerable<string> codes, IReadOnlyList<MatchingKey> keys)
    {
        var text = Entities.MatchingKey.Format(keys);
        foreach (var code in codes)
        {
            PemWriter.WritePrivateKey(FederationLayout.MatchingKey(directory, code), text.TrimEnd('\n'));
        }
    }
}
