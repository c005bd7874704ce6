using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using HstFederation.Hosting;
using HstFederation.Protocol.Validation;

namespace HstFederation.Node.Agency;

/// <summary>
/// The one shape of every agency refusal: a google.rpc.Status whose message starts with the reason, with an ErrorInfo
/// (reason, domain, correlation id) and, when fields are named, a BadRequest. Built here for the interceptor's gRPC
/// statuses and for the requests refused before they reach a handler (<see cref="AgencyCallGate"/>, <see cref="AgencyJsonRequestCheck"/>) alike.
/// </summary>
internal static class AgencyStatus
{
    /// <summary>The trailer Grpc.StatusProto reads a google.rpc.Status from (RpcException.GetRpcStatus) and writes it to.</summary>
    private const string DetailsKey = "grpc-status-details-bin";

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry.FromMessages(ErrorInfo.Descriptor, BadRequest.Descriptor)));

    /// <summary>
    /// Answers a JSON request that never reached a handler with <paramref name="status"/> as its body, compact, as the
    /// transcoder writes every other response.
    /// </summary>
    public static Task WriteJsonAsync(Microsoft.AspNetCore.Http.HttpResponse response, int httpStatus, Google.Rpc.Status status, CancellationToken cancellationToken)
    {
        response.StatusCode = httpStatus;
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(JsonNode.Parse(Json.Format(status))!.ToJsonString(), cancellationToken);
    }

    /// <summary>
    /// Answers a gRPC call refused before its request was read, trailers-only as grpc-dotnet answers a call refused before its
    /// handler (HTTP 200, the status in the headers, no body), with what a refusal inside the call carries: grpc-status,
    /// grpc-message (<paramref name="status"/>'s message) and the google.rpc.Status itself in grpc-status-details-bin, so the
    /// client reads the same RpcException either way.
    /// </summary>
    public static void WriteGrpc(Microsoft.AspNetCore.Http.HttpResponse response, Google.Rpc.Status status) =>
        GrpcTrailersOnly.Write(response, status.Code, status.Message, DetailsKey, status.ToByteArray());

    /// <summary>
    /// The HTTP status gRPC JSON transcoding answers <paramref name="code"/> with (its own mapping, which it does not expose), so
    /// a JSON call refused before the transcoder sees it gets the status a refusal inside the call would get.
    /// </summary>
    public static int HttpStatus(StatusCode code) => code switch
    {
        StatusCode.OK => StatusCodes.Status200OK,
        StatusCode.Cancelled => StatusCodes.Status499ClientClosedRequest,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.AlreadyExists or StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Unimplemented => StatusCodes.Status501NotImplemented,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static Google.Rpc.Status Create(StatusCode code, string reason, string message, string correlationId, IReadOnlyList<FieldError> fields)
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)code,
            Message = $"{reason}: {message} (correlation id {correlationId})",
            Details =
            {
                Any.Pack(new ErrorInfo { Reason = reason, Domain = AgencyReasons.Domain, Metadata = { ["correlation_id"] = correlationId } }),
            },
        };
        if (fields.Count > 0)
        {
            var badRequest = new BadRequest();
            badRequest.FieldViolations.AddRange(fields.Select(f => new BadRequest.Types.FieldViolation { Field = f.Path, Description = $"{f.Code}: {f.Message}" }));
            status.Details.Add(Any.Pack(badRequest));
        }

        return status;
    }
}
