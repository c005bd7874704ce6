using System.Collections.Concurrent;
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
    /// <summary>Repeated refusals of the same party and method are audited once per interval, not once per call.</summary>
    private static readonly TimeSpan DenyAuditInterval = TimeSpan.FromMinutes(1);

    /// <summary>Where a call keeps the role it was authorised with (ServerCallContext.UserState).</summary>
    private static readonly object RoleKey = new();

    private readonly ConcurrentDictionary<(PartyId, string), DateTimeOffset> _lastDenyAudit = new();

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
    public Task AuthorizeAsync(ServerCallContext context) => AuthorizeAsync(context, role => RpcPolicy.Allows(context.Method, role));

    /// <summary>
    /// A stricter check inside a call the policy let through, refused exactly as the policy refuses: Submit lets a suspended
    /// member in for the retry of an envelope it sent while active, and requires <paramref name="allowed"/> for anything new.
    /// The role this call was authorised with is reused when it suffices (no second certificate check on the hot path).
    /// </summary>
    public Task RequireAsync(ServerCallContext context, CallerRole allowed) =>
        context.UserState.TryGetValue(RoleKey, out var known) && known is CallerRole authorised && (authorised & allowed) != CallerRole.None
            ? Task.CompletedTask
            : AuthorizeAsync(context, role => (role & allowed) != CallerRole.None);

    private async Task AuthorizeAsync(ServerCallContext context, Func<CallerRole, bool> allows)
    {
        var party = Caller.Identify(context, trust);
        var status = party.IsHub ? MemberStatus.Active : await members.StatusOfAsync(party, context.CancellationToken);
        var role = RoleOf(party, status);
        context.UserState[RoleKey] = role;
        if (!allows(role))
        {
            // Audited like every refusal (not cancelled with the call), but a flood of them writes one entry a minute.
            if (IsDueForAudit((party, context.Method), trust.Time.GetUtcNow()))
            {
                await store.AuditAsync(party.Uri, AuditActions.Deny, null, $"{context.Method} as {role}", CancellationToken.None);
            }

            // The registry status in the detail: a suspended or revoked member's operator reads why in its outbox.
            throw new HubRejectionException(StatusCode.PermissionDenied, RejectionReason.PermissionDenied, $"{party} ({Describe(party, status)}) may not call {context.Method}");
        }
    }

    private bool IsDueForAudit((PartyId, string) key, DateTimeOffset now)
    {
        var due = false;
        _lastDenyAudit.AddOrUpdate(
            key,
            _ =>
            {
                due = true;
                return now;
            },
            (_, last) =>
            {
                due = now - last >= DenyAuditInterval;
                return due ? now : last;
            });
        return due;
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
