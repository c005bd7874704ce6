using System.Security.Cryptography.X509Certificates;
using HstFederation.Protocol.Pki;

namespace HstFederation.Node.Hosting;

/// <summary>The NCB's federation trust and keys, loaded and validated once at start (errors name the file).</summary>
internal sealed class NodeCredentials
{
    private NodeCredentials(FederationTrust trust, PartyCredentials party, X509Certificate2 tlsCertificate)
    {
        Trust = trust;
        Party = party;
        TlsCertificate = tlsCertificate;
    }

    public FederationTrust Trust { get; }

    /// <summary>Signing (messages, delivery receipts) and encryption (opening deliveries) keys.</summary>
    public PartyCredentials Party { get; }

    /// <summary>The client certificate for the hub link.</summary>
    public X509Certificate2 TlsCertificate { get; }

    public static NodeCredentials Load(NodeOptions options, TimeProvider time)
    {
        try
        {
            var trust = FederationTrust.Load(options.RootCertificatePath, options.RevocationListPath, time, new TrustOptions { RevocationGrace = options.RevocationGrace });
            var party = CredentialLoader.LoadPartyCredentials(options.CredentialsDirectory, trust);
            if (party.Party.IsHub)
            {
                throw new NodeConfigurationException(
                    $"{NodeOptions.Section}:{nameof(NodeOptions.CredentialsDirectory)}: {options.CredentialsDirectory} holds the hub's credentials, not a member's.");
            }

            return new NodeCredentials(trust, party, CredentialLoader.LoadTlsCertificate(options.CredentialsDirectory, trust));
        }
        catch (CredentialException e)
        {
            throw new NodeConfigurationException(e.Message, e);
        }
    }
}
