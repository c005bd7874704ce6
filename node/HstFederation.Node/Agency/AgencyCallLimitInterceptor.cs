using Grpc.Core;
using Grpc.Core.Interceptors;

namespace HstFederation.Node.Agency;

/// <summary>
/// Runs after <see cref="AgencyAuthorizationInterceptor"/> (it needs the caller): holds one of the agency's call slots
/// (<see cref="AgencyCallLimiter"/>) for as long as the call or stream lasts, and refuses the call when none is left.
/// </summary>
internal sealed class AgencyCallLimitInterceptor(AgencyCallLimiter limiter) : Interceptor
{
    /// <summary>The one call whose work grows with the store (the index), whichever transport (gRPC or JSON) carried it.</summary>
    private const string SearchMethod = "/hst.v1.AgencyGateway/Search";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var kind = context.Method == SearchMethod ? AgencyCallKind.Search : AgencyCallKind.Call;
        using var slot = limiter.Enter(AgencyCaller.Of(context).Actor, kind);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var slot = limiter.Enter(AgencyCaller.Of(context).Actor, AgencyCallKind.Stream);
        await continuation(request, responseStream, context);
    }
}
