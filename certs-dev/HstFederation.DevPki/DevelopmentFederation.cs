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
    }

    public DevelopmentPki Pki { get; }

    public IssuedParty Hub { get; }

    /// <summary>By ISO 3166-1 alpha-2 code.</summary>
    public IReadOnlyDictionary<string, IssuedParty> Members { get; }

    public IssuedCrl Crl { get; }

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
    }
}
