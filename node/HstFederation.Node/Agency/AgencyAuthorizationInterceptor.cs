using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Node.Audit;
using HstFederation.Node.Storage;

namespace HstFederation.Node.Agency;

/// <summary>
/// Runs before every agency call (and, through <see cref="InboxWatcher"/>, before every streamed batch): maps the TLS
/// client certificate to its row in the scope table, refuses a certificate the NCB blocked, an unknown or disabled agency
/// and a call its scope does not allow (<see cref="AgencyRpcPolicy"/>), audits each refusal with the agency's identity,
/// and attaches the <see cref="AgencyCaller"/> for the handler. A call, JSON or gRPC, was judged by this same check earlier,
/// before its request was read (<see cref="AgencyCallGate"/>): its caller is attached already and not judged twice. Judging
/// here too keeps a call that gate did not see (none today) from reaching a handler unjudged.
/// </summary>
internal sealed class AgencyAuthorizationInterceptor(AgencyTrust trust, NodeStore store) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AttachAsync(context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AttachAsync(context);
        await continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        throw new AgencyException(StatusCode.PermissionDenied, AgencyReasons.OutOfScope, $"{context.Method} is not an agency API method");

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        throw new AgencyException(StatusCode.PermissionDenied, AgencyReasons.OutOfScope, $"{context.Method} is not an agency API method");

    /// <summary>The caller if it may call <see cref="ServerCallContext.Method"/>; also used by long streams to re-check.</summary>
    public Task<AgencyCaller> AuthorizeAsync(ServerCallContext context) =>
        AuthorizeAsync(context.GetHttpContext(), context.Method, context.CancellationToken);

    /// <summary>The caller on <paramref name="request"/>'s connection if it may call <paramref name="method"/> (gRPC's full name).</summary>
    public async Task<AgencyCaller> AuthorizeAsync(HttpContext request, string method, CancellationToken cancellationToken)
    {
        var (agency, serial) = await IdentifyAsync(request, method, cancellationToken);
        if (AgencyRpcPolicy.Refusal(method, agency.Scope) is { } refusal)
        {
            await DenyAsync(agency.Actor, serial, method, AgencyReasons.OutOfScope);
            throw new AgencyException(StatusCode.PermissionDenied, AgencyReasons.OutOfScope, $"{agency.CertificateIdentity.Uri}: {refusal}");
        }

        return new AgencyCaller(agency, serial);
    }

    /// <summary>A caller judged before its request was read is the one of this same call: judged once.</summary>
    private async Task AttachAsync(ServerCallContext context)
    {
        if (!AgencyCaller.TryOf(context, out _))
        {
            (await AuthorizeAsync(context)).AttachTo(context);
        }
    }

    /// <summary>The registered, enabled agency whose certificate, not blocked, is on the connection, and that certificate's serial.</summary>
    private async Task<(AgencyRecord Agency, string Serial)> IdentifyAsync(HttpContext request, string method, CancellationToken cancellationToken)
    {
        var certificate = request.Connection.ClientCertificate;
        if (certificate is null)
        {
            // Unreachable behind AgencyTls (the handshake requires a certificate); fail closed anyway.
            throw new AgencyException(StatusCode.Unauthenticated, AgencyReasons.CertificateRefused, "no client certificate");
        }

        var check = trust.Validate(certificate);
        if (check.Agency is not { } identity)
        {
            throw new AgencyException(StatusCode.Unauthenticated, AgencyReasons.CertificateRefused, $"client certificate refused: {check.Problem}"); // unauthenticated: the problem, not serials or dates
        }

        // The serial, not the DER's hash: the same signed certificate has several encodings (docs/agency-api.md). A new connection
        // with a blocked certificate is refused at the handshake (AgencyTls); this check catches the connections opened before.
        var serial = AgencyCertificateSerial.Of(certificate);
        var (agency, block) = await store.FindAgencyForCertificateAsync(identity.Uri, serial, cancellationToken);
        if (block is not null)
        {
            // Before the agency's own checks: the refusal is the certificate's, and its serial (never its bytes) is audited.
            await DenyAsync(agency?.Actor ?? identity.Uri, serial, method, $"{AgencyReasons.CertificateBlocked} serial={serial}");
            throw new AgencyException(StatusCode.Unauthenticated, AgencyReasons.CertificateBlocked,
                $"this client certificate (serial {serial}) is blocked at this node; the agency's other certificates are not affected");
        }

        if (agency is null)
        {
            await DenyAsync(identity.Uri, serial, method, AgencyReasons.AgencyNotRegistered);
            throw new AgencyException(StatusCode.PermissionDenied, AgencyReasons.AgencyNotRegistered,
                $"{identity.Uri} is not registered at this node; the NCB operator registers agencies and their scope");
        }

        if (agency.Disabled)
        {
            await DenyAsync(agency.Actor, serial, method, AgencyReasons.AgencyDisabled);
            throw new AgencyException(StatusCode.PermissionDenied, AgencyReasons.AgencyDisabled, $"agency '{agency.AgencyId}' is disabled at this node");
        }

        return (agency, serial);
    }

    /// <summary>Audited, with the certificate the call came through, even when the call is cancelled: a refusal is evidence.</summary>
    private Task DenyAsync(string actor, string certificate, string method, string reason) =>
        store.AuditAsync(actor, NodeAuditActions.Denied, null, $"{method} {reason}", certificate, CancellationToken.None);
}
