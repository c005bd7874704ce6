using Grpc.AspNetCore.Server;
using HstFederation.Hosting;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace HstFederation.Node.Agency;

/// <summary>
/// Judges the caller of every agency call, and takes its call slot, before anything of its request is read: a JSON call's
/// query and body (<see cref="AgencyJsonRequestCheck"/>), a gRPC call's request message (which grpc-dotnet reads and
/// deserializes, up to 4 MiB, before any interceptor runs). The check is the interceptors' own
/// (<see cref="AgencyAuthorizationInterceptor"/>, <see cref="AgencyCallLimiter"/>), so a blocked certificate, an unknown or
/// disabled agency or a call out of its scope gets the same refusal and the same audit entry whatever it sent, and learns
/// nothing of its request; and a request is read into memory and parsed only for an agency that may make the call and is
/// within its limits. The slot is held until the response ends (for WatchInbox, the stream). The interceptors then find
/// the caller and the slot on the request and neither judge nor count the call twice.
/// A request gRPC would refuse unread (not HTTP/2, not a gRPC content type) is left to it, as is one for no call at all.
/// </summary>
internal sealed class AgencyCallGate(
    RequestDelegate next, AgencyAuthorizationInterceptor authorization, AgencyCallLimiter limiter, AgencyErrorInterceptor errors)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<GrpcMethodMetadata>() is not { } grpc)
        {
            await next(context);
            return;
        }

        var json = endpoint.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not null;
        if (!json && !GrpcTrailersOnly.IsGrpcCall(context.Request))
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
            // Logged (and, for a refused caller, already audited) as a refusal inside the call is, in the same shape.
            var status = errors.Describe(e, method, context.TraceIdentifier);
            if (json)
            {
                await AgencyStatus.WriteJsonAsync(context.Response, AgencyStatus.HttpStatus((Grpc.Core.StatusCode)status.Code), status, context.RequestAborted);
            }
            else
            {
                AgencyStatus.WriteGrpc(context.Response, status);
            }

            return;
        }

        using (slot)
        {
            await next(context);
        }
    }
}
