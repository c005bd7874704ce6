using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Security;

/// <summary>Applies <see cref="RpcPolicy"/> to every call before its handler runs.</summary>
internal sealed class AuthorizationInterceptor(FederationTrust trust, IMemberStatus members, HubStore store) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    /// <summary>Also called again by long-running streams, so a later suspension or revocation ends them.</summary>
    public async Task AuthorizeAsync(ServerCallContext context)
    {
        var party = Caller.Identify(context, trust);
        var role = await RoleOfAsync(party, context.CancellationToken);
        if (!RpcPolicy.Allows(context.Method, role))
        {
            // Audited like every refusal; not cancelled with the call, so a caller that hangs up is still on record.
            await store.AuditAsync(party.Uri, AuditActions.Deny, null, $"{context.Method} as {role}", CancellationToken.None);
            throw new HubRejectionException(StatusCode.PermissionDenied, RejectionReason.PermissionDenied, $"{party} ({role}) may not call {context.Method}");
        }
    }

    private async ValueTask<CallerRole> RoleOfAsync(PartyId party, CancellationToken cancellationToken)
    {
        if (party.IsHub)
        {
            return CallerRole.Hub;
        }

        return await members.StatusOfAsync(party, cancellationToken) switch
        {
            MemberStatus.Active => CallerRole.ActiveMember,
            MemberStatus.Suspended => CallerRole.SuspendedMember,
            _ => CallerRole.None,
        };
    }
}
