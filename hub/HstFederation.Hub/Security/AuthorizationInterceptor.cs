using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Security;

/// <summary>
/// Applies <see cref="RpcPolicy"/> to every call: before its request message is read (<see cref="MemberCallGate"/>, with
/// <see cref="AuthorizeAsync(HttpContext, string, CancellationToken)"/>), and again, for long streams, while they run. The
/// handlers below judge only a call the gate did not (none today); one it let in is not judged twice.
/// </summary>
internal sealed class AuthorizationInterceptor(FederationTrust trust, IMemberStatus members, HubStore store) : Interceptor
{
    /// <summary>Where a call keeps the role it was authorised with (its request's HttpContext.Items).</summary>
    private static readonly object RoleKey = new();

    /// <summary>Repeated refusals of the same party and method are audited once a minute, not once per call.</summary>
    private readonly AuditThrottle<(PartyId, string)> _denyAudit = new(TimeSpan.FromMinutes(1));

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

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AttachAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AttachAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    /// <summary>Also called again by long-running streams, so a later suspension or revocation ends them.</summary>
    public Task AuthorizeAsync(ServerCallContext context) =>
        AuthorizeAsync(context.GetHttpContext(), context.Method, role => RpcPolicy.Allows(context.Method, role), context.CancellationToken);

    /// <summary>Judges the caller of the call to <paramref name="method"/> (gRPC's full name) that <paramref name="request"/> carries.</summary>
    public Task AuthorizeAsync(HttpContext request, string method, CancellationToken cancellationToken) =>
        AuthorizeAsync(request, method, role => RpcPolicy.Allows(method, role), cancellationToken);

    /// <summary>
    /// A stricter check inside a call the policy let through, refused exactly as the policy refuses: Submit lets a suspended
    /// member in for the retry of an envelope it sent while active, and requires <paramref name="allowed"/> for anything new.
    /// The role this call was authorised with is reused when it suffices (no second certificate check on the hot path).
    /// </summary>
    public Task RequireAsync(ServerCallContext context, CallerRole allowed) =>
        context.GetHttpContext().Items.TryGetValue(RoleKey, out var known) && known is CallerRole authorised && (authorised & allowed) != CallerRole.None
            ? Task.CompletedTask
            : AuthorizeAsync(context.GetHttpContext(), context.Method, role => (role & allowed) != CallerRole.None, context.CancellationToken);

    /// <summary>A call judged before its request was read (<see cref="MemberCallGate"/>) carries its role already: judged once.</summary>
    private Task AttachAsync(ServerCallContext context) =>
        context.GetHttpContext().Items.ContainsKey(RoleKey) ? Task.CompletedTask : AuthorizeAsync(context);

    private async Task AuthorizeAsync(HttpContext request, string method, Func<CallerRole, bool> allows, CancellationToken cancellationToken)
    {
        var caller = Caller.Identify(request, trust);
        var party = caller.Party;
        var status = party.IsHub ? MemberStatus.Active : await members.StatusOfAsync(party, cancellationToken);
        var role = RoleOf(party, status);
        if (!allows(role))
        {
            // Audited like every refusal (not cancelled with the call), but a flood of them writes one entry a minute.
            if (_denyAudit.IsDue((party, method), trust.Time.GetUtcNow()))
            {
                await store.AuditAsync(party.Uri, AuditActions.Deny, null, $"{method} as {role}", caller.Certificate, CancellationToken.None);
            }

            // The registry status in the detail: a suspended or revoked member's operator reads why in its outbox.
            throw new HubRejectionException(StatusCode.PermissionDenied, RejectionReason.PermissionDenied, $"{party} ({Describe(party, status)}) may not call {method}");
        }

        request.Items[RoleKey] = role;
        Caller.Attach(request, caller);
    }

    private static CallerRole RoleOf(PartyId party, MemberStatus status)
    {
        if (party.IsHub)
        {
            return CallerRole.Hub;
        }

        return status switch
        {
            MemberStatus.Active => CallerRole.ActiveMember,
            MemberStatus.Suspended => CallerRole.SuspendedMember,
            _ => CallerRole.None,
        };
    }

    private static string Describe(PartyId party, MemberStatus status) =>
        party.IsHub ? "the hub" : status == MemberStatus.Unspecified ? "not enrolled" : $"a {status.ToString().ToLowerInvariant()} member";
}
