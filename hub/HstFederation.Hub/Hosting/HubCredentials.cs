using System.Security.Cryptography.X509Certificates;
using HstFederation.Protocol.Pki;

namespace HstFederation.Hub.Hosting;

/// <summary>The hub's trust and keys, loaded and validated once at start (errors name the file).</summary>
public sealed class HubCredentials
{
    private HubCredentials(FederationTrust trust, PartyCredentials party, X509Certificate2 tlsCertificate)
    {
        Trust = trust;
        Party = party;
        TlsCertificate = tlsCertificate;
    }

    public FederationTrust Trust { get; }

    /// <summary>Signing (receipts, directory, forwards) and encryption (hub-readable messages) keys.</summary>
    public PartyCredentials Party { get; }

    public X509Certificate2 TlsCertificate { get; }

    internal static HubCredentials Load(HubOptions options, TimeProvider time)
    {
        try
        {
            var trust = FederationTrust.Load(options.RootCertificatePath, options.RevocationListPath, time, new TrustOptions { RevocationGrace = options.RevocationGrace });
            var party = CredentialLoader.LoadPartyCredentials(options.CredentialsDirectory, trust);
            if (!party.Party.IsHub)
            {
                throw new HubConfigurationException($"Hub:CredentialsDirectory: {options.CredentialsDirectory} holds {party.Party}'s credentials, not the hub's.");
            }

            return new HubCredentials(trust, party, CredentialLoader.LoadTlsCertificate(options.CredentialsDirectory, trust));
        }
        catch (CredentialException e)
        {
            throw new HubConfigurationException(e.Message, e);
        }
    }
}
