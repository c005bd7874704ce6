using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Security;

/// <summary>
/// Who a call came from: the party its TLS client certificate names and that certificate's serial (upper-case hex, as the
/// CRL, `members`, `revoke` and the development PKI print serials). The serial goes on the audit entries the call writes, so
/// that with two certificates of one member in use the audit tells which sent what (docs/hub.md#audit-log).
/// </summary>
internal sealed record CallerIdentity(PartyId Party, string Certificate)
{
    public string Uri => Party.Uri;

    public override string ToString() => Party.ToString();
}
