using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Grpc.Core;
using HstFederation.Hub.Intake;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Errors;

/// <summary>
/// Refuses a gRPC request whose message is larger than <see cref="RequestLimits.MaxRequestBytes"/> from its length prefix,
/// before reading it, as ResourceExhausted with SizeLimitExceeded in the "hst-rejection-bin" trailer. gRPC's own limit
/// (MaxReceiveMessageSize, the same number, behind this) refuses before any interceptor runs, with the status but no
/// trailer — and a node retries a ResourceExhausted without that reason as backpressure, for ever.
/// </summary>
internal sealed partial class OversizeRequestRefusal(RequestDelegate next, ILogger<OversizeRequestRefusal> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true
            && await DeclaredLengthAsync(context.Request.BodyReader, context.RequestAborted) is { } length
            && length > RequestLimits.MaxRequestBytes)
        {
            Refuse(context, length);
            return;
        }

        await next(context);
    }

    /// <summary>The length the first message declares; nothing is consumed, so gRPC reads the request from its start.</summary>
    private static async Task<long?> DeclaredLengthAsync(PipeReader body, CancellationToken cancellationToken)
    {
        var read = await body.ReadAtLeastAsync(RequestLimits.GrpcPrefixBytes, cancellationToken);
        var buffer = read.Buffer;
        var length = buffer.Length < RequestLimits.GrpcPrefixBytes ? (long?)null : LengthOf(buffer.Slice(0, RequestLimits.GrpcPrefixBytes));
        body.AdvanceTo(buffer.Start);
        return length;
    }

    private static uint LengthOf(ReadOnlySequence<byte> prefix)
    {
        Span<byte> bytes = stackalloc byte[RequestLimits.GrpcPrefixBytes];
        prefix.CopyTo(bytes);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes[1..]);
    }

    /// <summary>A trailers-only gRPC response (status and trailer in the headers), as gRPC answers a call refused before its handler.</summary>
    private void Refuse(HttpContext context, long length)
    {
        var correlationId = context.TraceIdentifier;
        LogOversize(logger, context.Request.Path.Value ?? string.Empty, length, RequestLimits.MaxRequestBytes, correlationId);
        var detail = new RejectionDetail
        {
            Reason = RejectionReason.SizeLimitExceeded,
            Detail = $"the request is {length} bytes; the limit is {RequestLimits.MaxRequestBytes}",
            CorrelationId = correlationId,
        };
        RejectionTrailer.WriteTrailersOnly(context.Response, StatusCode.ResourceExhausted, detail);
    }

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Refused {Path} unread: {Length} bytes, over the limit of {Limit} (correlation id {CorrelationId})")]
    private static partial void LogOversize(ILogger logger, string path, long length, int limit, string correlationId);
}
