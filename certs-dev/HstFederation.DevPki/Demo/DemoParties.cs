using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;

namespace HstFederation.DevPki.Demo;

/// <summary>The federation as the demo loads it from disk: trust plus each party's credentials.</summary>
internal sealed class DemoParties
{
    private readonly Dictionary<string, PartyCredentials> _parties = new(StringComparer.Ordinal);

    private DemoParties(FederationTrust trust) => Trust = trust;

    public FederationTrust Trust { get; }

    public IEnumerable<PartyCredentials> All => _parties.Values;

    public PartyCredentials this[string code] => _parties[code];

    /// <summary>Loads and validates every file through the same loader the hub and nodes use.</summary>
    public static DemoParties Load(string directory, TimeProvider time, IEnumerable<string> members)
    {
        var trust = FederationTrust.Load(
            Path.Combine(directory, "root", CredentialLoader.RootCertificateFile),
            Path.Combine(directory, CredentialLoader.RevocationListFile),
            time);
        var parties = new DemoParties(trust);
        parties._parties[PartyId.HubCode] = CredentialLoader.LoadPartyCredentials(Path.Combine(directory, "hub"), trust);
        foreach (var code in members)
        {
            parties._parties[code] = CredentialLoader.LoadPartyCredentials(Path.Combine(directory, "members", code), trust);
        }

        return parties;
    }
}
