using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Routing.Template;

namespace HstFederation.Node.Agency;

/// <summary>
/// A JSON request for a path the agency API does not have, or with a method its path does not take, would otherwise get
/// routing's bare 404 (or 405) with an empty body, the one refusal without a reason or correlation id. Here it gets the
/// shape of every other (<see cref="AgencyStatus"/>): PATH_NOT_FOUND, HTTP 404, or METHOD_NOT_ALLOWED, HTTP 405 with
/// <c>Allow</c>. gRPC calls pass untouched: grpc-dotnet answers an unknown service or method UNIMPLEMENTED itself.
/// </summary>
internal sealed partial class AgencyJsonUnknownRoute(RequestDelegate next, EndpointDataSource endpoints, ILogger<AgencyJsonUnknownRoute> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (IsGrpc(context.Request) || endpoint?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null)
        {
            await next(context);
            return;
        }

        var request = context.Request;
        var allowed = Allowed(request.Path);
        if (endpoint is not null && allowed.Count == 0)
        {
            // Not routing's method rejection for one of our paths: an endpoint of its own, which is not ours to judge.
            await next(context);
            return;
        }

        var correlationId = context.TraceIdentifier;
        var (reason, httpStatus, message) = allowed.Count == 0
            ? (AgencyReasons.PathNotFound, StatusCodes.Status404NotFound, $"the agency API has no {request.Path} (its paths are in docs/agency-api.md §2)")
            : (AgencyReasons.MethodNotAllowed, StatusCodes.Status405MethodNotAllowed, $"{request.Path} takes {string.Join(", ", allowed)}, not {request.Method}");
        LogRefused(logger, request.Method, reason, correlationId);
        var status = AgencyStatus.Create(StatusCode.NotFound, reason, message, correlationId, []);
        if (allowed.Count > 0)
        {
            context.Response.Headers.Allow = string.Join(", ", allowed);
        }

        await AgencyStatus.WriteJsonAsync(context.Response, httpStatus, status, context.RequestAborted);
    }

    /// <summary>gRPC's content types (application/grpc, +proto, -web): never answered here.</summary>
    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The methods the JSON routes take at this path, none when no route has it.</summary>
    private List<string> Allowed(PathString path)
    {
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var route in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            if (route.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is null
                || !new TemplateMatcher(new RouteTemplate(route.RoutePattern), []).TryMatch(path, []))
            {
                continue;
            }

            methods.UnionWith(route.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []);
        }

        return [.. methods];
    }

    [LoggerMessage(EventId = 6107, Level = LogLevel.Information, Message = "Agency JSON request with method {Method} refused, no such call: {Reason} (correlation id {CorrelationId})")]
    private static partial void LogRefused(ILogger logger, string method, string reason, string correlationId);
}
