using Grpc.Core;
using Grpc.Core.Interceptors;

namespace HstFederation.Node.Agency;

/// <summary>
/// Runs after <see cref="AgencyAuthorizationInterceptor"/> (it needs the caller): holds one of the agency's call slots
/// (<see cref="AgencyCallLimiter"/>) for as long as the call or stream lasts, and refuses the call when none is left. A
/// call took its slot before its request was read (<see cref="AgencyCallGate"/>) and holds it here already; this one takes
/// a slot only for a call that gate did not see.
/// </summary>
internal sealed class AgencyCallLimitInterceptor(AgencyCallLimiter limiter) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var slot = limiter.Enter(context.GetHttpContext(), AgencyCaller.Of(context).Actor, AgencyCallKinds.Of(context.Method, MethodType.Unary));
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var slot = limiter.Enter(context.GetHttpContext(), AgencyCaller.Of(context).Actor, AgencyCallKinds.Of(context.Method, MethodType.ServerStreaming));
        await continuation(request, responseStream, context);
    }
}
