using Grpc.Core;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Hub.Errors;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Security;

/// <summary>The authenticated party behind a call: the URI SAN of its federation TLS certificate.</summary>
internal static class Caller
{
    public static PartyId Identify(ServerCallContext context, FederationTrust trust) => Identify(context.GetHttpContext(), trust);

    /// <summary>The party of the call <paramref name="request"/> carries, judged before gRPC reads its message (<see cref="MemberCallGate"/>).</summary>
    public static PartyId Identify(HttpContext request, FederationTrust trust)
    {
        var certificate = request.Connection.ClientCertificate;
        if (certificate is null)
        {
            // Unreachable behind FederationTls (the handshake requires a certificate); fail closed anyway.
            throw new HubRejectionException(StatusCode.Unauthenticated, RejectionReason.PermissionDenied, "no client certificate");
        }

        // Re-validated on every call: a connection stays open for days, and a revocation must end it.
        var check = trust.Validate(certificate.RawData, CertificatePurpose.Tls, trust.Time.GetUtcNow());
        if (check.IsValid)
        {
            return check.Key!.Party;
        }

        // A CRL past its renewal and grace is the hub's problem, not a verdict on the caller: retriable, as the envelope
        // verifier says it (a node treats Unauthenticated as final and would drop what it has queued). Still refused.
        throw check.Problem == CertificateProblem.RevocationDataStale
            ? HubRejectionException.Of(RejectionReason.TrustDataStale, "the hub's revocation data is stale; retry later")
            : new HubRejectionException(StatusCode.Unauthenticated, RejectionReason.PermissionDenied, "client certificate: " + check.Detail);
    }
}
