using Grpc.AspNetCore.Server;
using HstFederation.Hosting;
using HstFederation.Hub.Errors;

namespace HstFederation.Hub.Security;

/// <summary>
/// Judges the caller of every gRPC call by <see cref="RpcPolicy"/> (<see cref="AuthorizationInterceptor"/>'s own check:
/// certificate, registry status, role) before anything of its request is read: grpc-dotnet reads and deserializes a
/// request message, up to <see cref="Intake.RequestLimits.MaxRequestBytes"/>, before any interceptor runs, and
/// <see cref="OversizeRequestRefusal"/>, behind this, waits for its length prefix. So a revoked or unenrolled party, or a
/// suspended member calling what it may no longer call, is refused with the status, RejectionDetail and `deny` entry a
/// refusal inside the call gets, whatever it sent, and makes the hub read none of it. The interceptor then finds the role
/// on the request and does not judge the call twice. A request gRPC would refuse unread (not HTTP/2, not its content type)
/// is left to it.
/// </summary>
internal sealed class MemberCallGate(RequestDelegate next, AuthorizationInterceptor authorization, ErrorInterceptor errors)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not { } grpc || !GrpcTrailersOnly.IsGrpcCall(context.Request))
        {
            await next(context);
            return;
        }

        var method = grpc.Method.FullName;
        try
        {
            await authorization.AuthorizeAsync(context, method, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away while it was judged: nobody to answer.
            return;
        }
        catch (Exception e)
        {
            // Logged (and, for a refused caller, already audited) as a refusal inside the call is, in the same shape.
            var (status, detail) = errors.Describe(e, method, context.TraceIdentifier);
            RejectionTrailer.WriteTrailersOnly(context.Response, status, detail);
            return;
        }

        await next(context);
    }
}
