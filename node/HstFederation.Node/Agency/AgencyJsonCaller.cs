using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace HstFederation.Node.Agency;

/// <summary>
/// Judges the caller of a JSON call, and takes its call slot, before <see cref="AgencyJsonRequestCheck"/> reads the query
/// or the body: the same check as a gRPC call's (<see cref="AgencyAuthorizationInterceptor"/>, <see cref="AgencyCallLimiter"/>),
/// so a blocked certificate, an unknown or disabled agency or a call out of its scope gets the same refusal and the same
/// audit entry whatever it sent, and learns nothing of its body; and a body (up to 8 MiB) is read into memory and parsed
/// only for an agency that may make the call and is within its limits. The slot is held until the response ends (for
/// WatchInbox, the stream). gRPC calls pass untouched: their interceptors judge them.
/// </summary>
internal sealed class AgencyJsonCaller(
    RequestDelegate next, AgencyAuthorizationInterceptor authorization, AgencyCallLimiter limiter, AgencyErrorInterceptor errors)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is null || endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is not { } grpc)
        {
            await next(context);
            return;
        }

        var method = grpc.Method.FullName;
        IDisposable slot;
        try
        {
            var caller = await authorization.AuthorizeAsync(context, method, context.RequestAborted);
            caller.AttachTo(context);
            slot = limiter.Enter(context, caller.Actor, AgencyCallKinds.Of(method, grpc.Method.Type));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away while it was judged: nobody to answer.
            return;
        }
        catch (Exception e)
        {
            // Logged (and, for a refused caller, already audited) as a gRPC call's refusal is, in the same shape.
            var status = errors.Describe(e, method, context.TraceIdentifier);
            await AgencyStatus.WriteJsonAsync(context.Response, AgencyStatus.HttpStatus((Grpc.Core.StatusCode)status.Code), status, context.RequestAborted);
            return;
        }

        using (slot)
        {
            await next(context);
        }
    }
}
