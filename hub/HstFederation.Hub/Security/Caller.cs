using Grpc.Core;
using HstFederation.Protocol.Pki;
using HstFederation.Hub.Errors;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Security;

/// <summary>The authenticated party behind a call: the URI SAN of its federation TLS certificate, and that certificate's serial.</summary>
internal static class Caller
{
    /// <summary>Where a call keeps the caller it was authorised as (its request's HttpContext.Items).</summary>
    private static readonly object Key = new();

    /// <summary>
    /// The caller <see cref="AuthorizationInterceptor"/> authorised this call as (it runs before every handler); fails closed
    /// if it did not. The handlers take it from here rather than validating the certificate a second time in the same call.
    /// </summary>
    public static CallerIdentity Of(ServerCallContext context) =>
        context.GetHttpContext().Items.TryGetValue(Key, out var value) && value is CallerIdentity caller
            ? caller
            : throw new InvalidOperationException("The call was not authorised by AuthorizationInterceptor or MemberCallGate.");

    public static void Attach(HttpContext request, CallerIdentity caller) => request.Items[Key] = caller;

    /// <summary>The party of the call <paramref name="request"/> carries, judged before gRPC reads its message (<see cref="MemberCallGate"/>).</summary>
    public static CallerIdentity Identify(HttpContext request, FederationTrust trust)
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
            // The serial comes with the check FederationTrust keeps per certificate (memoized by its hash), so a call
            // parses nothing of the certificate to name it: the same string for every call of the connection.
            return new CallerIdentity(check.Key!.Party, check.Key.SerialNumber);
        }

        // A CRL past its renewal and grace is the hub's problem, not a verdict on the caller: retriable, as the envelope
        // verifier says it (a node treats Unauthenticated as final and would drop what it has queued). Still refused.
        throw check.Problem == CertificateProblem.RevocationDataStale
            ? HubRejectionException.Of(RejectionReason.TrustDataStale, "the hub's revocation data is stale; retry later")
            : new HubRejectionException(StatusCode.Unauthenticated, RejectionReason.PermissionDenied, "client certificate: " + check.Detail);
    }
}
