using Grpc.Core;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Hub.Errors;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Security;

/// <summary>The authenticated party behind a call: the URI SAN of its federation TLS certificate.</summary>
internal static class Caller
{
    public static PartyId Identify(ServerCallContext context, FederationTrust trust)
    {
        var certificate = context.GetHttpContext().Connection.ClientCertificate;
        if (certificate is null)
        {
            // Unreachable behind FederationTls (the handshake requires a certificate); fail closed anyway.
            throw new HubRejectionException(StatusCode.Unauthenticated, RejectionReason.PermissionDenied, "no client certificate");
        }

        var check = trust.Validate(certificate.RawData, CertificatePurpose.Tls, trust.Time.GetUtcNow());
        return check.IsValid
            ? check.Key!.Party
            : throw new HubRejectionException(StatusCode.Unauthenticated, RejectionReason.PermissionDenied, "client certificate: " + check.Detail);
    }
}
